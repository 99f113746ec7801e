package io.semstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerTest {

  @Test
  void producesConsumesAndSurvivesARestart(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("kafka");
    String topic = "frames";
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, data)) {
      assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"));
      broker.createTopics(List.of(topic), 2, Map.of("retention.ms", "3600000"));
      // Second call must be a no-op, not a TopicExistsException.
      broker.createTopics(List.of(topic, "other"), 2, Map.of());

      try (Admin admin = admin(broker)) {
        assertTrue(admin.listTopics().names().get().containsAll(Set.of(topic, "other")));
        assertEquals(2, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config cfg = admin.describeConfigs(List.of(res)).all().get().get(res);
        assertEquals("3600000", cfg.get("retention.ms").value());
      }

      try (KafkaProducer<String, String> producer = producer(broker)) {
        producer.send(new ProducerRecord<>(topic, 0, "k", "hello")).get(30, TimeUnit.SECONDS);
      }
      List<ConsumerRecord<String, String>> got = consumeAll(broker, topic, 1);
      assertEquals(1, got.size());
      assertEquals("k", got.get(0).key());
      assertEquals("hello", got.get(0).value());
    }
    assertTrue(Files.exists(data.resolve("meta.properties")), "a caller's data directory is kept");

    // Reopen the same directory: no reformat, the topic and its record are still there.
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, data)) {
      try (Admin admin = admin(broker)) {
        assertTrue(admin.listTopics().names().get().contains(topic));
      }
      List<ConsumerRecord<String, String>> got = consumeAll(broker, topic, 1);
      assertEquals(1, got.size());
      assertEquals("hello", got.get(0).value());
    }
  }

  @Test
  void temporaryDirectoryIsDeletedOnClose() {
    Path data;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null)) {
      data = broker.dataDir();
      assertTrue(Files.isDirectory(data));
      broker.close();
      broker.close();
    }
    assertFalse(Files.exists(data));
  }

  @Test
  void aTakenPortIsReportedNotRetried() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> EmbeddedKafkaBroker.start(taken.getLocalPort(), null));
      assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort() + ": the port is in use"), e.getMessage());
    }
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return Admin.create(p);
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Reads from the beginning with a consumer group, which also exercises the group coordinator. */
  private static List<ConsumerRecord<String, String>> consumeAll(EmbeddedKafkaBroker broker, String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
