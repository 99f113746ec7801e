package io.semstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft cluster of several nodes (each a combined broker + controller) on loopback inside this JVM: what
 * a production cluster looks like to clients (replicated topics, {@code min.insync.replicas} 2 from three
 * nodes on, leaders that move when a node goes), for the fault tests and {@code semstream broker --nodes N}.
 *
 * <p>Every node's ports are chosen at start and kept for the cluster's life, so a node stopped with
 * {@link #stopNode} comes back with {@link #restartNode} where its peers expect it. Node {@code i} keeps its log
 * in {@code dataDir/node-i}, formatted with one cluster id on first use and reused afterwards.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  /** High half of the cluster id of {@link #startMember} clusters ("SemStrea"); the low half is the base port. */
  private static final long MEMBER_CLUSTER_ID = 0x53656d5374726561L;

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final Map<String, String> overrides;
  private final KafkaSecurity security;
  private final int[] clientPorts;
  private final int[] brokerPorts;
  private final int[] controllerPorts;
  private final KafkaRaftServer[] servers;
  private boolean closed;

  private EmbeddedKafkaCluster(Path dataDir, boolean deleteOnClose, int nodes, Map<String, String> overrides,
      KafkaSecurity security) {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.overrides = Map.copyOf(overrides);
    this.security = security;
    this.clientPorts = new int[nodes];
    this.brokerPorts = new int[nodes];
    this.controllerPorts = new int[nodes];
    this.servers = new KafkaRaftServer[nodes];
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < nodes; i++) {
      clientPorts[i] = freePort(taken);
      brokerPorts[i] = security == null ? clientPorts[i] : freePort(taken);
      controllerPorts[i] = freePort(taken);
    }
  }

  /** A plaintext cluster on fixed ports: node {@code i} (0-based) on {@code basePort + 2i} and the next one. */
  private EmbeddedKafkaCluster(Path dataDir, int nodes, int basePort, Map<String, String> overrides) {
    this.dataDir = dataDir;
    this.deleteOnClose = false;
    this.overrides = Map.copyOf(overrides);
    this.security = null;
    this.clientPorts = new int[nodes];
    this.brokerPorts = clientPorts;
    this.controllerPorts = new int[nodes];
    this.servers = new KafkaRaftServer[nodes];
    for (int i = 0; i < nodes; i++) {
      clientPorts[i] = basePort + 2 * i;
      controllerPorts[i] = basePort + 2 * i + 1;
    }
  }

  /**
   * Runs one node of a cluster whose nodes are separate processes (each started with the same {@code nodes},
   * {@code basePort} and {@code dataDir}), so that a node can be killed like a real broker. Node {@code i}
   * (1-based) listens for clients on {@code basePort + 2(i-1)} and for its controller peers on the port after;
   * its log is {@code dataDir/node-i}. Returns once the node has started, which needs a majority of the
   * quorum: start the nodes together.
   *
   * <p>The cluster id is derived from {@code basePort}, so that processes started apart agree on it; a node
   * directory formatted earlier keeps its own.
   */
  public static EmbeddedKafkaCluster startMember(int nodes, int node, int basePort, Path dataDir,
      Map<String, String> overrides) {
    if (nodes < 1 || nodes > 9 || node < 1 || node > nodes) {
      throw new IllegalArgumentException("node " + node + " of a cluster of " + nodes + " nodes: expected 1 to "
          + nodes + " of 1 to 9");
    }
    if (basePort < 1024 || basePort + 2 * nodes - 1 > 65535) {
      throw new IllegalArgumentException("base port " + basePort + " leaves no room for " + nodes
          + " nodes' ports (1024 to 65535)");
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("the nodes of a cluster in separate processes need a data directory");
    }
    Path dir = KraftNodes.dataDir(dataDir, "unused");
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(dir, nodes, basePort, overrides);
    int i = node - 1;
    try {
      Path meta = cluster.nodeDir(i).resolve("meta.properties");
      if (!Files.exists(meta)) {
        Files.createDirectories(cluster.nodeDir(i));
        KraftNodes.format(cluster.nodeDir(i), node, new Uuid(MEMBER_CLUSTER_ID, basePort).toString());
      }
      cluster.startServer(i);
      log.info("Kafka node {} of {} up at {} (data in {})", node, nodes, cluster.bootstrapServers(i),
          cluster.nodeDir(i));
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + cluster.nodeDir(i), e);
    } catch (RuntimeException e) {
      cluster.close();
      throw new IllegalStateException("cannot start Kafka node " + node + " of " + nodes + ": "
          + KraftNodes.rootMessage(e), e);
    }
  }

  /**
   * Starts {@code nodes} nodes and returns once all of them answer clients.
   *
   * @param dataDir parent of the nodes' log directories, reused if formatted; null for a temporary one deleted
   *     by {@link #close()}
   * @param overrides broker properties that win over the defaults (every node gets them)
   */
  public static EmbeddedKafkaCluster start(int nodes, Path dataDir, Map<String, String> overrides) {
    return start(nodes, dataDir, overrides, null);
  }

  /**
   * As {@link #start(int, Path, Map)}, secured by {@code security} when it is not null: clients then reach the
   * cluster only on TLS with a SCRAM user of {@code security} (created here), and only as far as ACLs allow.
   */
  public static EmbeddedKafkaCluster start(int nodes, Path dataDir, Map<String, String> overrides,
      KafkaSecurity security) {
    if (nodes < 1 || nodes > 9) {
      throw new IllegalArgumentException("a cluster on one machine has 1 to 9 nodes, not " + nodes);
    }
    boolean temp = dataDir == null;
    Path dir = KraftNodes.dataDir(dataDir, "semstream-kafka-cluster-");
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(dir, temp, nodes, overrides, security);
    try {
      cluster.formatMissing();
      // A node's broker waits for the controller quorum, which needs a majority: start them all at once.
      List<CompletableFuture<Void>> starting = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        int node = i;
        starting.add(CompletableFuture.runAsync(() -> cluster.startServer(node)));
      }
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
      cluster.awaitNodes(nodes);
      if (security != null) {
        cluster.createUsers();
      }
      log.info("Kafka cluster of {} nodes up at {} (data in {})", nodes, cluster.bootstrapServers(), dir);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw new IllegalStateException("cannot start a Kafka cluster of " + nodes + " nodes: " + KraftNodes.rootMessage(e), e);
    }
  }

  /** The cluster's security, or null for plaintext without authentication. */
  public KafkaSecurity security() {
    return security;
  }

  public int size() {
    return servers.length;
  }

  /** Every node's client address: a client finds the cluster through any node that is up. */
  public String bootstrapServers() {
    List<String> all = new ArrayList<>();
    for (int port : clientPorts) {
      all.add("127.0.0.1:" + port);
    }
    return String.join(",", all);
  }

  /** Node {@code node}'s (0-based) client address; its broker id is {@code node + 1}. */
  public String bootstrapServers(int node) {
    return "127.0.0.1:" + clientPorts[check(node)];
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning(int node) {
    return servers[check(node)] != null;
  }

  /** Shuts node {@code node} down cleanly (its logs flushed, leadership handed over). */
  public synchronized void stopNode(int node) {
    KafkaRaftServer server = servers[check(node)];
    if (server != null) {
      servers[node] = null;
      KraftNodes.shutdownQuietly(server);
      log.info("Kafka node {} stopped", node + 1);
    }
  }

  /** Starts a stopped node again on its ports and data, and returns once the cluster sees every node again. */
  public synchronized void restartNode(int node) {
    if (servers[check(node)] != null) {
      throw new IllegalStateException("node " + (node + 1) + " is running");
    }
    startServer(node);
    awaitNodes(running());
    log.info("Kafka node {} restarted", node + 1);
  }

  private int running() {
    int n = 0;
    for (KafkaRaftServer s : servers) {
      n += s == null ? 0 : 1;
    }
    return n;
  }

  private int check(int node) {
    if (node < 0 || node >= servers.length) {
      throw new IllegalArgumentException("no node " + node + " in a cluster of " + servers.length);
    }
    return node;
  }

  private void formatMissing() {
    String clusterId = null;
    for (int i = 0; i < servers.length; i++) {
      Path meta = nodeDir(i).resolve("meta.properties");
      if (Files.exists(meta)) {
        clusterId = readClusterId(meta);
        break;
      }
    }
    if (clusterId == null) {
      clusterId = Uuid.randomUuid().toString();
    }
    for (int i = 0; i < servers.length; i++) {
      Path dir = nodeDir(i);
      if (!Files.exists(dir.resolve("meta.properties"))) {
        try {
          Files.createDirectories(dir);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create " + dir, e);
        }
        KraftNodes.format(dir, i + 1, clusterId);
      }
    }
  }

  private static String readClusterId(Path meta) {
    Properties p = new Properties();
    try (var in = Files.newInputStream(meta)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + meta, e);
    }
    String id = p.getProperty("cluster.id");
    if (id == null) {
      throw new IllegalStateException(meta + " names no cluster.id");
    }
    return id;
  }

  private Path nodeDir(int node) {
    return dataDir.resolve("node-" + (node + 1));
  }

  private String voters() {
    List<String> v = new ArrayList<>();
    for (int i = 0; i < servers.length; i++) {
      v.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
    }
    return String.join(",", v);
  }

  private void startServer(int node) {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    if (security != null) {
      settings.putAll(security.brokerProperties(clientPorts[node], brokerPorts[node], controllerPorts[node]));
    }
    settings.putAll(overrides);
    Properties props = KraftNodes.props(node + 1, nodeDir(node), clientPorts[node], controllerPorts[node], voters(),
        servers.length, settings);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      KraftNodes.shutdownQuietly(server);
      throw e;
    }
    synchronized (this) {
      servers[node] = server;
    }
  }

  /** Waits until the cluster's metadata lists {@code expected} live brokers. */
  private void awaitNodes(int expected) {
    try (Admin admin = Admin.create(brokerAdmin())) {
      KraftNodes.awaitBrokers(admin, expected, STARTUP_TIMEOUT, expected + " Kafka nodes at " + bootstrapServers());
    }
  }

  /** An admin client with the brokers' own identity (super user), on the brokers' listener. */
  private Properties brokerAdmin() {
    Properties p = security == null ? new Properties() : security.brokerIdentity();
    List<String> all = new ArrayList<>();
    for (int port : brokerPorts) {
      all.add("127.0.0.1:" + port);
    }
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", all));
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    return p;
  }

  /**
   * Creates the SCRAM users, then waits until each can log in: credentials reach the brokers through the
   * metadata log, a moment after the controller accepts them.
   */
  private void createUsers() {
    try (Admin admin = Admin.create(brokerAdmin())) {
      security.createUsers(admin);
    }
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    for (String user : security.users()) {
      Properties p = security.client(user);
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      Exception last = null;
      boolean in = false;
      while (!in && System.nanoTime() < deadline) {
        try (Admin admin = Admin.create(p)) {
          admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
          in = true;
        } catch (ExecutionException | TimeoutException e) {
          last = e;
          sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while creating users", e);
        }
      }
      if (!in) {
        throw new IllegalStateException("user " + user + " cannot log in to the cluster: " + KraftNodes.rootMessage(last),
            last);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops every node and, for a temporary directory, deletes the data. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Brokers first and together: a broker's controlled shutdown asks the quorum, which must still be there.
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (int i = 0; i < servers.length; i++) {
      KafkaRaftServer s = servers[i];
      servers[i] = null;
      if (s != null) {
        stopping.add(CompletableFuture.runAsync(() -> KraftNodes.shutdownQuietly(s)));
      }
    }
    CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
    if (deleteOnClose) {
      try {
        Directories.deleteRecursively(dataDir);
      } catch (IOException e) {
        log.warn("could not delete the cluster's temporary directory {}: {}", dataDir, e.toString());
      }
    }
    log.info("Kafka cluster at {} stopped", bootstrapServers());
  }

  /**
   * A base port for {@link #startMember}: the first of {@code 2 * nodes} consecutive ports on loopback that
   * nothing listens on right now.
   */
  public static int freeBasePort(int nodes) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = java.util.concurrent.ThreadLocalRandom.current().nextInt(20000, 60000);
      boolean free = true;
      for (int p = base; p < base + 2 * nodes && free; p++) {
        free = KraftNodes.isFree(p);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no " + 2 * nodes + " free ports in a row on loopback");
  }

  private static int freePort(Set<Integer> taken) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = KraftNodes.freePort();
      if (taken.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free TCP port on loopback after 20 tries");
  }
}
