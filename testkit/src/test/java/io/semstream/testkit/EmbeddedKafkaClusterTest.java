package io.semstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes: topics get three replicas and need two in sync, the group's offsets are replicated too, and
 * acknowledged records survive a node going away and coming back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EmbeddedKafkaClusterTest {

  @Test
  void threeNodesReplicateAndKeepEveryAcknowledgedRecordWhileOneIsDown(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, dir.resolve("kafka"), Map.of())) {
      assertEquals(3, cluster.bootstrapServers().split(",").length);
      String topic = "frames";
      try (Admin admin = admin(cluster.bootstrapServers())) {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), Optional.empty()))).all().get();
        assertEquals(3, replicas(admin, topic));
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        assertEquals("2", whenKnown(() -> admin.describeConfigs(List.of(res)).all().get().get(res))
            .get("min.insync.replicas").value());
      }
      send(cluster.bootstrapServers(), topic, 0, 10);
      cluster.stopNode(0);
      assertFalse(cluster.isRunning(0));
      // two of three in sync: writes that need two acknowledgements still go through
      send(cluster.bootstrapServers(1), topic, 10, 20);
      assertEquals(20, consume(cluster.bootstrapServers(2), topic, 20).size());
      cluster.restartNode(0);
      assertTrue(cluster.isRunning(0));
      assertThrows(IllegalStateException.class, () -> cluster.restartNode(0));
      send(cluster.bootstrapServers(), topic, 20, 30);
      List<String> all = consume(cluster.bootstrapServers(0), topic, 30);
      assertEquals(30, all.size());
      for (int i = 0; i < 30; i++) {
        assertTrue(all.contains("v" + i), "record " + i + " missing");
      }
      try (Admin admin = admin(cluster.bootstrapServers())) {
        assertEquals(3, replicas(admin, "__consumer_offsets"));
      }
    }
  }

  @Test
  void nodesStartedApartOnFixedPortsFormOneClusterAndANodeComesBackOnItsPorts(@TempDir Path dir) throws Exception {
    int base = EmbeddedKafkaCluster.freeBasePort(3);
    Path data = dir.resolve("kafka");
    List<CompletableFuture<EmbeddedKafkaCluster>> starting = new ArrayList<>();
    for (int node = 1; node <= 3; node++) {
      int n = node;
      starting.add(CompletableFuture.supplyAsync(
          () -> EmbeddedKafkaCluster.startMember(3, n, base, data, Map.of())));
    }
    List<EmbeddedKafkaCluster> members = new ArrayList<>();
    try {
      for (var f : starting) {
        members.add(f.get(120, TimeUnit.SECONDS));
      }
      String all = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 2) + ",127.0.0.1:" + (base + 4);
      assertEquals(all, members.get(0).bootstrapServers(), "every member names the whole cluster");
      try (Admin admin = admin(all)) {
        assertEquals(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        admin.createTopics(List.of(new NewTopic("frames", Optional.of(2), Optional.empty()))).all().get();
        assertEquals(3, replicas(admin, "frames"));
      }
      send(all, "frames", 0, 10);
      members.get(1).close();
      send("127.0.0.1:" + base, "frames", 10, 20);
      members.set(1, EmbeddedKafkaCluster.startMember(3, 2, base, data, Map.of()));
      assertEquals(20, consume("127.0.0.1:" + (base + 2), "frames", 20).size(), "read through the node that came back");
    } finally {
      // Together, as whole clusters stop: a node's controlled shutdown needs the quorum still there.
      CompletableFuture.allOf(members.stream().map(m -> CompletableFuture.runAsync(m::close))
          .toArray(CompletableFuture[]::new)).join();
    }
    assertThrows(IllegalArgumentException.class, () -> EmbeddedKafkaCluster.startMember(3, 4, base, data, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> EmbeddedKafkaCluster.startMember(3, 1, base, null, Map.of()));
  }

  @Test
  void aClusterSizeOutsideOneToNineIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> EmbeddedKafkaCluster.start(0, null, Map.of()));
  }

  /** A just-created topic reaches each node's metadata a moment after its creation is confirmed: asked till known. */
  private static int replicas(Admin admin, String topic) throws Exception {
    return whenKnown(() -> {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      return d.partitions().get(0).replicas().size();
    });
  }

  private static <T> T whenKnown(java.util.concurrent.Callable<T> ask) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return ask.call();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void send(String bootstrap, String topic, int from, int to) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      for (int i = from; i < to; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(60, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> consume(String bootstrap, String topic, int expected) {
    List<String> got = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + expected,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (got.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          got.add(r.value());
        }
      }
    }
    return got;
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
