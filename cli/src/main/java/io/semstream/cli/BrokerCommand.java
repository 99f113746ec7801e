package io.semstream.cli;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.testkit.EmbeddedKafkaBroker;
import io.semstream.testkit.EmbeddedKafkaCluster;
import io.semstream.testkit.KafkaSecurity;
import io.semstream.topology.TopicAdmin;
import io.semstream.topology.Topics;
import io.semstream.topology.acl.PipelineAcls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", description = "Run Kafka (KRaft) in this process until Ctrl-C: one broker, or a cluster of"
    + " --nodes brokers on loopback (replication factor min(3, N), min.insync.replicas 2 from three nodes on).")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Client port on 127.0.0.1 of a single broker (default: a free port).",
      defaultValue = "0")
  int port;

  @Option(names = "--nodes", description = "Brokers in the cluster, 1 to 9 (default: ${DEFAULT-VALUE}); each is also"
      + " a controller of the quorum, on ports chosen at start.", defaultValue = "1")
  int nodes;

  @Option(names = "--node", paramLabel = "I", description = "Run only node I (1 to --nodes) of a cluster whose nodes"
      + " are separate processes, each started with the same --nodes, --base-port and --data: node I takes the"
      + " client port P+2(I-1) and the controller port after it, so it can be killed and started again like a"
      + " real broker.")
  Integer node;

  @Option(names = "--base-port", paramLabel = "P", description = "With --node: the first node's client port.")
  Integer basePort;

  @Option(names = "--data", description = "Log directory (for a cluster: the parent of node-1, node-2, ...);"
      + " reused if already formatted (default: a temporary one).")
  Path data;

  @Option(names = "--security", description = "TLS listeners with SASL/SCRAM-SHA-512 users and ACLs: creates the"
      + " pipeline's topics, one user per role (semstream-tx, -channel, -rx) plus semstream-ingest and"
      + " semstream-reader, grants each only its own topics and groups, and writes each user's client properties"
      + " (for --config) next to the TLS stores in DATA/security.")
  boolean security;

  @Option(names = "--topic-prefix", defaultValue = "", description = "With --security: prefix of the pipeline's"
      + " topics the ACLs are for.")
  String topicPrefix;

  @Option(names = "--partitions", defaultValue = "1", description = "With --security: partitions of the topics"
      + " created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    if (nodes < 1 || nodes > 9) {
      throw new IllegalArgumentException("--nodes must be between 1 and 9, got " + nodes);
    }
    if ((nodes > 1 || security) && port != 0) {
      throw new IllegalArgumentException("--port names a single plaintext broker's port; a cluster of --nodes " + nodes
          + (security ? " with --security" : "") + " picks its own ports and prints them");
    }
    if (node != null && (security || port != 0 || basePort == null || data == null)) {
      throw new IllegalArgumentException("--node runs one node of a plaintext cluster and needs --base-port P and"
          + " --data DIR (the same for every node); --port and --security do not apply");
    }
    if (node == null && basePort != null) {
      throw new IllegalArgumentException("--base-port applies only with --node I");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
    }
    Topics topics = Topics.withPrefix(topicPrefix);
    AutoCloseable running;
    String bootstrap;
    if (node != null) {
      EmbeddedKafkaCluster member = EmbeddedKafkaCluster.startMember(nodes, node, basePort, data, Map.of());
      running = member;
      bootstrap = member.bootstrapServers();
    } else if (security) {
      EmbeddedKafkaCluster cluster = secured(topics);
      running = cluster;
      bootstrap = cluster.bootstrapServers();
    } else if (nodes == 1) {
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, data);
      running = broker;
      bootstrap = broker.bootstrapServers();
    } else {
      EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(nodes, data, Map.of());
      running = cluster;
      bootstrap = cluster.bootstrapServers();
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("broker: " + e.getMessage());
      }
      stop.countDown();
    }));
    System.out.println(bootstrap);
    System.out.flush();
    stop.await();
    return 0;
  }

  private EmbeddedKafkaCluster secured(Topics topics) throws IOException {
    Path dir = data != null ? data.toAbsolutePath() : Files.createTempDirectory("semstream-secure-");
    KafkaSecurity keys = KafkaSecurity.in(dir.resolve("security"), PipelineAcls.users());
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(nodes, dir.resolve("kafka"), Map.of(), keys);
    try {
      String bootstrap = cluster.bootstrapServers();
      Properties admin = keys.client(KafkaSecurity.ADMIN);
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (Admin a = Admin.create(admin)) {
        TopicAdmin.ensureTopics(a, topics, partitions);
      }
      Map<String, List<AclBinding>> grants = PipelineAcls.all(topics, PipelineAcls.widest(), CodecRegistry.standard());
      grants.values().forEach(acls -> keys.grant(bootstrap, acls));
      System.err.println("TLS stores, users and client settings in " + keys.dir());
      for (String user : keys.users()) {
        Path file = keys.writeClientProperties(user, bootstrap);
        String what = grants.containsKey(user) ? grants.get(user).size() + " ACLs" : "super user";
        System.err.printf("  %-18s %s (%s)%n", user, file, what);
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }
}
