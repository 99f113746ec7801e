package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.testkit.EmbeddedKafkaCluster;
import io.semstream.testkit.KafkaSecurity;
import io.semstream.topology.acl.PipelineAcls;
import io.semstream.topology.tx.AdaptationSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three roles on a secured cluster, each as its own principal with the ACLs derived from its topology: frames
 * written by the ingest principal come back as reconstructions for the reader principal, and a principal that
 * tries another's topic is refused.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SecuredPipelineTest {
  @TempDir Path dir;

  @Test
  void eachRoleRunsAsItsOwnPrincipalAndNoFurther() throws Exception {
    KafkaSecurity security = KafkaSecurity.in(dir.resolve("security"), PipelineAcls.users());
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(1, dir.resolve("kafka"), Map.of(), security)) {
      String bootstrap = cluster.bootstrapServers();
      Topics topics = Topics.withPrefix("sec.");
      PipelineConfig config = Harness.config().partitions(1).adaptation(AdaptationSettings.every(2)).build();
      Properties admin = security.client(KafkaSecurity.ADMIN);
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (Admin a = Admin.create(admin)) {
        TopicAdmin.ensureTopics(a, topics, 1);
      }
      PipelineAcls.all(topics, config, BlockAverageCodec.registry()).values()
          .forEach(acls -> security.grant(bootstrap, acls));

      List<PipelineRunner> runners = new ArrayList<>();
      try {
        for (Role role : Role.values()) {
          Properties overrides = security.client(PipelineAcls.user(role));
          overrides.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams-" + role.id()).toString());
          runners.add(PipelineRunner.start(java.util.EnumSet.of(role), bootstrap, overrides, topics, config,
              BlockAverageCodec.registry()));
        }
        try (KafkaProducer<byte[], byte[]> ingest = producer(security.client(PipelineAcls.INGEST), bootstrap)) {
          byte[] key = "cam".getBytes(StandardCharsets.UTF_8);
          for (long seq = 0; seq < 3; seq++) {
            ingest.send(new ProducerRecord<>(topics.frames(), key,
                SemSerdes.frame().toBytes(TestFrames.png("cam", seq, TestFrames.image(32, 32, seq))))).get();
          }
          // the ingest principal writes inputs only
          ExecutionException e = assertThrows(ExecutionException.class,
              () -> ingest.send(new ProducerRecord<>(topics.reconstructions(), key, new byte[] {1})).get());
          assertInstanceOf(TopicAuthorizationException.class, e.getCause());
        }
        List<Long> seqs = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = consumer(security.client(PipelineAcls.READER), bootstrap)) {
          reader.assign(List.of(new TopicPartition(topics.reconstructions(), 0)));
          reader.seekToBeginning(reader.assignment());
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
          while (seqs.size() < 3 && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
              Reconstruction rec = SemSerdes.reconstruction().fromBytes(r.value());
              seqs.add(rec.getSeq());
            }
          }
        }
        assertEquals(List.of(0L, 1L, 2L), seqs);
        // the transmitter's principal cannot write what only the receiver writes
        try (KafkaProducer<byte[], byte[]> tx = producer(security.client(PipelineAcls.user(Role.TX)), bootstrap)) {
          ExecutionException e = assertThrows(ExecutionException.class,
              () -> tx.send(new ProducerRecord<>(topics.reconstructions(), new byte[] {1}, new byte[] {1})).get());
          assertInstanceOf(TopicAuthorizationException.class, e.getCause());
          // and it can write what it writes in the pipeline
          tx.send(new ProducerRecord<>(topics.deadLetter(), new byte[] {1}, new byte[] {1})).get();
        }
      } finally {
        runners.forEach(PipelineRunner::close);
      }
    }
  }

  @Test
  void theGrantsFollowTheTopologies() {
    Topics topics = Topics.defaults();
    PipelineConfig config = Harness.config().adaptation(AdaptationSettings.every(2)).build();
    var grants = PipelineAcls.all(topics, config, BlockAverageCodec.registry());
    assertEquals(PipelineAcls.users(), new ArrayList<>(grants.keySet()));
    assertTrue(writes(grants.get("semstream-tx"), topics.txSymbols()));
    assertTrue(writes(grants.get("semstream-tx"), topics.modelDeltas()));
    assertTrue(!writes(grants.get("semstream-tx"), topics.reconstructions()));
    assertTrue(writes(grants.get("semstream-rx"), topics.reconstructions()));
    assertTrue(!writes(grants.get("semstream-channel"), topics.frames()));
    assertTrue(writes(grants.get("semstream-channel"), topics.rxSymbols()));
    assertTrue(grants.get(PipelineAcls.READER).stream().noneMatch(b -> b.entry().operation().name().equals("WRITE")));
  }

  private static boolean writes(List<org.apache.kafka.common.acl.AclBinding> acls, String topic) {
    return acls.stream().anyMatch(b -> b.pattern().name().equals(topic)
        && b.entry().operation() == org.apache.kafka.common.acl.AclOperation.WRITE);
  }

  private static KafkaProducer<byte[], byte[]> producer(Properties p, String bootstrap) {
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Properties p, String bootstrap) {
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }
}
