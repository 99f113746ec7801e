package io.semstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS + SCRAM + ACLs: who is let in, who is refused, and who may write where. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterTest {
  private EmbeddedKafkaCluster cluster;
  private KafkaSecurity security;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    security = KafkaSecurity.in(dir.resolve("security"), List.of("alice"));
    cluster = EmbeddedKafkaCluster.start(1, dir.resolve("kafka"), Map.of(), security);
    try (Admin admin = admin(security.client(KafkaSecurity.ADMIN))) {
      admin.createTopics(List.of(new NewTopic("allowed", Optional.of(1), Optional.empty()),
          new NewTopic("forbidden", Optional.of(1), Optional.empty()))).all().get();
    }
    ResourcePattern allowed = new ResourcePattern(ResourceType.TOPIC, "allowed", PatternType.LITERAL);
    security.grant(cluster.bootstrapServers(), List.of(new AclBinding(allowed,
        new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aUserWritesWhereItsAclAllowsAndIsRefusedElsewhere() throws Exception {
    try (KafkaProducer<String, String> producer = producer(security.client("alice"))) {
      producer.send(new ProducerRecord<>("allowed", "k", "v")).get(30, TimeUnit.SECONDS);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> producer.send(new ProducerRecord<>("forbidden", "k", "v")).get(30, TimeUnit.SECONDS));
      assertInstanceOf(TopicAuthorizationException.class, e.getCause());
    }
  }

  @Test
  void aWrongPasswordIsRefused() {
    Properties p = security.client("alice");
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\""
        + " password=\"not-her-password\";");
    ExecutionException e = assertThrows(ExecutionException.class, () -> describe(p));
    assertInstanceOf(SaslAuthenticationException.class, e.getCause());
  }

  @Test
  void aClientWithoutSaslOrWithoutTlsGetsNothing() {
    Properties tlsOnly = security.tls().trustingClient();
    tlsOnly.put("security.protocol", "SSL");
    assertThrows(Exception.class, () -> describe(tlsOnly));
    Properties plaintext = new Properties();
    plaintext.put("security.protocol", "PLAINTEXT");
    assertThrows(Exception.class, () -> describe(plaintext));
  }

  @Test
  void theFilesThatHoldPasswordsAreTheOwnersAlone() throws Exception {
    Path file = security.writeClientProperties("alice", cluster.bootstrapServers());
    assertTrue(Files.readString(file).contains("SCRAM-SHA-512"));
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(security.dir().resolve("users.properties")));
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(security.tls().keyStore()));
    // the same directory gives the same users back: a restarted cluster keeps its passwords
    assertEquals(security.client("alice"), KafkaSecurity.in(security.dir(), List.of("alice")).client("alice"));
  }

  private void describe(Properties p) throws Exception {
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
    try (Admin admin = admin(p)) {
      admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
    }
  }

  private Admin admin(Properties p) {
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    return Admin.create(p);
  }

  private KafkaProducer<String, String> producer(Properties p) {
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    return new KafkaProducer<>(p);
  }
}
