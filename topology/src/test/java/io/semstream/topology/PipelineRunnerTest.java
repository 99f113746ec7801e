package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.testkit.EmbeddedKafkaBroker;
import io.semstream.testkit.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The three roles on a real (embedded) broker: topics created, records flow, shutdown is clean. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipelineRunnerTest {
  @TempDir Path dir;

  @Test
  void runsAllRolesAgainstABroker() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("kafka"))) {
      runAllRoles(broker.bootstrapServers(), 1);
    }
  }

  @Test
  void runsAllRolesAgainstAThreeNodeClusterWithEveryTopicReplicatedThrice() throws Exception {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, dir.resolve("kafka"), Map.of())) {
      runAllRoles(cluster.bootstrapServers(), 3);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        // the roles' own topics (changelogs, repartitions) and Kafka's transaction log as well as SemStream's
        for (String name : admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get()) {
          for (var p : admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()) {
            assertEquals(3, p.replicas().size(), name);
          }
        }
      }
    }
  }

  private void runAllRoles(String bootstrap, int replicas) throws Exception {
    {
      Topics topics = Topics.withPrefix("it.");
      Properties overrides = new Properties();
      overrides.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
      PipelineConfig config = Harness.config().partitions(2).build();

      try (PipelineRunner runner = PipelineRunner.start(EnumSet.allOf(Role.class), bootstrap, overrides, topics,
          config, BlockAverageCodec.registry())) {
        assertTrue(runner.isRunning());
        assertEquals(EnumSet.allOf(Role.class), runner.roles());
        checkTopics(bootstrap, topics, replicas);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
          byte[] key = "cam".getBytes(StandardCharsets.UTF_8);
          for (long seq = 0; seq < 3; seq++) {
            producer.send(new ProducerRecord<>(topics.frames(), key,
                SemSerdes.frame().toBytes(TestFrames.png("cam", seq, TestFrames.image(32, 32, seq))))).get();
          }
          producer.send(new ProducerRecord<>(topics.frames(), key, new byte[] {1, 2, 3})).get();
        }

        List<Reconstruction> reconstructions = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
          consumer.subscribe(List.of(topics.reconstructions(), topics.deadLetter()));
          long deadline = System.currentTimeMillis() + 60_000;
          while ((reconstructions.size() < 3 || deadLetters.isEmpty()) && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
              if (r.topic().equals(topics.reconstructions())) {
                reconstructions.add(SemSerdes.reconstruction().fromBytes(r.value()));
              } else {
                deadLetters.add(SemSerdes.deadLetter().fromBytes(r.value()));
              }
            }
          }
        }
        assertEquals(List.of(0L, 1L, 2L), reconstructions.stream().map(Reconstruction::getSeq).toList());
        assertEquals(1, deadLetters.size());
        assertEquals(topics.frames(), deadLetters.get(0).getTopic());
        assertEquals(3, deadLetters.get(0).getOffset());
      }
    }
  }

  @Test
  void aTransmitterWhoseCodecCannotBeCreatedStopsAndSaysWhy() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("kafka"))) {
      CodecRegistry broken = new CodecRegistry().register(BlockAverageCodec.INFO, () -> {
        throw new IllegalStateException("weights file /nowhere/block4.ssw does not exist");
      });
      Properties overrides = new Properties();
      overrides.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
      PipelineConfig config = Harness.config().partitions(1).build();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> PipelineRunner.start(
          EnumSet.of(Role.TX), broker.bootstrapServers(), overrides, Topics.withPrefix("broken."), config, broken));
      // the codec's own reason, not a start timeout
      assertTrue(e.getMessage().contains("tx cannot start"), e.getMessage());
      assertTrue(e.getMessage().contains("/nowhere/block4.ssw does not exist"), e.getMessage());
    }
  }

  @Test
  void aCodecTheRegistryKnowsCannotRunIsRefusedBeforeTheBrokerIsTouched() {
    CodecRegistry registry = BlockAverageCodec.registry().requires(BlockAverageCodec.ID,
        () -> Optional.of("ffmpeg is not installed"));
    PipelineConfig config = Harness.config().partitions(1).build();
    // no broker listens on port 9: the refusal comes first
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> PipelineRunner.start(
        EnumSet.of(Role.TX), "127.0.0.1:9", new Properties(), Topics.withPrefix("x."), config, registry));
    assertTrue(e.getMessage().contains("ffmpeg is not installed"), e.getMessage());
  }

  private static void checkTopics(String bootstrap, Topics topics, int replicas) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (var d : admin.describeTopics(topics.all()).allTopicNames().get().values()) {
        assertEquals(2, d.partitions().size(), d.name());
        assertEquals(replicas, d.partitions().get(0).replicas().size(), d.name());
      }
      ConfigResource checkpoints = new ConfigResource(ConfigResource.Type.TOPIC, topics.modelCheckpoints());
      Config c = admin.describeConfigs(List.of(checkpoints)).all().get().get(checkpoints);
      assertEquals("compact", c.get("cleanup.policy").value());
      assertEquals(Integer.toString(StreamsSettings.MAX_RECORD_BYTES), c.get("max.message.bytes").value());
      // Idempotent: a second call finds everything in place.
      TopicAdmin.ensureTopics(admin, topics, 2);
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "pipeline-runner-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }
}
