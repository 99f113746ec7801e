package io.semstream.topology;

import io.semstream.topology.records.RecordLimit;
import io.semstream.topology.state.BoundedRocksDbMemory;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties of one role.
 *
 * <p>Record size limits. Kafka's defaults (producer {@code max.request.size} 1 MiB, broker
 * {@code message.max.bytes} about 1 MB) are too small for raw frames, symbol packets and PNG
 * reconstructions of real pictures, so the producer, the changelog topics (for state stores that
 * hold frames and packets) and the pipeline topics ({@link TopicAdmin}) all accept
 * {@link #MAX_RECORD_BYTES} = 8 MiB. Processors refuse to emit a value larger than
 * {@link PipelineConfig#maxRecordBytes()} (8 MiB minus {@link #RECORD_OVERHEAD_BYTES} for the key,
 * headers and batch framing) and dead-letter the input instead, naming the limit. What fits:
 * <ul>
 *   <li>a RAW_RGB8 frame up to about 2.7 Mpixel (1920×1080 = 6.2 MB fits; 2560×1440 does not:
 *       send PNG or JPEG);</li>
 *   <li>a symbol packet of 8 bytes per channel use: 1920×1080 up to CBR ≈ 1/6;</li>
 *   <li>a PNG reconstruction, typically 2–6 MB at 1080p.</li>
 * </ul>
 * To go further, raise {@code max.request.size} (producer prefix), {@code topic.max.message.bytes}
 * and the topics' {@code max.message.bytes} together, and {@link PipelineConfig#maxRecordBytes()}.
 *
 * <p>State stores share one bounded RocksDB memory budget per JVM ({@link BoundedRocksDbMemory}).
 */
public final class StreamsSettings {
  public static final int MAX_RECORD_BYTES = RecordLimit.BYTES;
  /** Headroom between a value and the record limit: key, headers and batch framing. */
  public static final int RECORD_OVERHEAD_BYTES = 64 * 1024;
  public static final String APPLICATION_ID_BASE = "semstream-";

  private StreamsSettings() {}

  /** {@code application.id} = {@code semstream-<role>}. */
  public static Properties forRole(String role, String bootstrapServers, Properties overrides) {
    return forRole(role, bootstrapServers, "", overrides);
  }

  /**
   * @param applicationIdPrefix prepended to {@code semstream-<role>}; give the topic prefix here so
   *     that two pipelines on one cluster do not share consumer groups and changelogs
   * @param overrides any Streams, producer, consumer or admin property; they win over ours
   */
  public static Properties forRole(String role, String bootstrapServers, String applicationIdPrefix,
      Properties overrides) {
    Role r = Role.parse(role);
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG,
        (applicationIdPrefix == null ? "" : applicationIdPrefix) + APPLICATION_ID_BASE + r.id());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    p.put(StreamsConfig.STATE_DIR_CONFIG,
        Path.of(System.getProperty("java.io.tmpdir"), "semstream-streams").toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // -1: the broker's default.replication.factor, which is 1 on the embedded single-node broker and
    // whatever the operator chose on a real cluster.
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_RECORD_BYTES);
    p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(MAX_RECORD_BYTES));
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    if (overrides != null) {
      // stringPropertyNames() also sees defaults chained into the Properties; forEach also sees
      // values that are not strings (an Integer put by code).
      for (String name : overrides.stringPropertyNames()) {
        p.put(name, overrides.getProperty(name));
      }
      overrides.forEach((k, v) -> p.put(k, v));
    }
    return p;
  }
}
