package io.semstream.clients;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Properties of the plain Kafka clients the CLI and the demo use around the Streams applications:
 * the user's settings (security, …) first, then what SemStream's reading and writing rely on.
 */
public final class ClientProperties {
  /** Records up to the pipeline's 8 MiB limit, with room for a batch. */
  private static final String FETCH_BYTES = String.valueOf(16 * 1024 * 1024);
  private static final String REQUEST_BYTES = String.valueOf(8 * 1024 * 1024);

  private ClientProperties() {}

  /** A byte-array consumer that reads committed records only and commits nothing. */
  public static Properties reader(String bootstrapServers, Properties overrides) {
    Properties p = copy(overrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_BYTES);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** A byte-array producer acknowledged by all in-sync replicas, for records up to 8 MiB. */
  public static Properties writer(String bootstrapServers, Properties overrides) {
    Properties p = copy(overrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, REQUEST_BYTES);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  private static Properties copy(Properties overrides) {
    Properties p = new Properties();
    if (overrides != null) {
      p.putAll(overrides);
    }
    return p;
  }
}
