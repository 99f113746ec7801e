package io.semstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM,
 * so that {@code semstream} works with no Kafka installed. Clients talk to it over loopback TCP
 * exactly as they would to any broker.
 *
 * <p>Only 127.0.0.1 is bound: the broker is for this machine. The controller listens on a second
 * free port, picked anew at each start; the quorum is static (one voter, from the config), so a
 * restarted broker on the same data directory does not care that the port changed.
 *
 * <p>Kafka's internal fault handlers may halt the JVM on unrecoverable metadata errors (a
 * corrupted log directory, say); that is Kafka's behaviour and not wrapped here.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean deleteOnClose, int port) {
    this.server = server;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.port = port;
  }

  /**
   * Starts a broker and returns once it answers clients.
   *
   * @param port client port on 127.0.0.1, or 0 for a free one
   * @param dataDir log directory, formatted on first use and reused afterwards (topics and
   *     offsets survive restarts); null for a fresh temporary directory deleted by {@link #close()}
   */
  public static EmbeddedKafkaBroker start(int port, Path dataDir) {
    return start(port, dataDir, Map.of());
  }

  /**
   * As {@link #start(int, Path)}, with extra broker properties that win over the defaults here
   * (for instance {@code message.max.bytes} for multi-MB records).
   */
  public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> overrides) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (port != 0 && !isFree(port)) {
      // Checked up front: Kafka would find out too, but only after formatting and with pages of stack traces.
      throw new IllegalStateException("cannot start the embedded Kafka broker on 127.0.0.1:" + port
          + ": the port is in use (another broker already running?); choose another port, or 0 for any free one");
    }
    boolean temp = dataDir == null;
    Path dir = KraftNodes.dataDir(dataDir, "semstream-kafka-");
    try {
      boolean formatted = Files.exists(dir.resolve("meta.properties"));
      if (!formatted) {
        KraftNodes.format(dir, NODE_ID, Uuid.randomUuid().toString());
      }
      // A port we picked can be taken by someone else between our probe and Kafka's bind; retry
      // with new ports then. A port the caller chose is not ours to change.
      int attempts = port == 0 ? 3 : 1;
      RuntimeException last = null;
      for (int attempt = 1; attempt <= attempts; attempt++) {
        int clientPort = port == 0 ? KraftNodes.freePort() : port;
        int controllerPort = KraftNodes.freePort();
        while (controllerPort == clientPort) {
          controllerPort = KraftNodes.freePort();
        }
        KafkaRaftServer server = null;
        try {
          KafkaConfig config = KafkaConfig.fromProps(KraftNodes.props(NODE_ID, dir, clientPort, controllerPort,
              NODE_ID + "@127.0.0.1:" + controllerPort, 1, overrides), false);
          server = new KafkaRaftServer(config, Time.SYSTEM);
          server.startup();
          EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, temp, clientPort);
          broker.awaitReady();
          log.info("Kafka broker up at {} (data in {}{})", broker.bootstrapServers(), dir,
              formatted ? ", reused" : "");
          return broker;
        } catch (RuntimeException e) {
          last = e;
          if (server != null) {
            KraftNodes.shutdownQuietly(server);
          }
          if (attempt < attempts) {
            log.info("Kafka broker start attempt {} failed ({}); retrying on other ports", attempt, e.toString());
          }
        }
      }
      throw new IllegalStateException("cannot start the embedded Kafka broker"
          + (port == 0 ? "" : " on 127.0.0.1:" + port) + ": " + KraftNodes.rootMessage(last), last);
    } catch (RuntimeException e) {
      if (temp) {
        deleteRecursively(dir);
      }
      throw e;
    }
  }

  private void awaitReady() {
    try (Admin admin = admin()) {
      KraftNodes.awaitBrokers(admin, 1, STARTUP_TIMEOUT, "Kafka broker at " + bootstrapServers());
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * Creates the topics that do not exist yet, with replication factor 1, and waits until each has
   * a leader for every partition, so producing right after this call does not race the metadata.
   * Existing topics are left as they are (their partition count and configs are not changed).
   */
  public void createTopics(Collection<String> names, int partitions, Map<String, String> configs) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    Set<String> wanted = new HashSet<>(names);
    if (wanted.isEmpty()) {
      return;
    }
    Map<String, String> topicConfigs = configs == null ? Map.of() : configs;
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    try (Admin admin = admin()) {
      Set<String> pending = new HashSet<>(wanted);
      while (!pending.isEmpty()) {
        List<NewTopic> requests = new ArrayList<>();
        for (String name : pending) {
          requests.add(new NewTopic(name, partitions, (short) 1).configs(topicConfigs));
        }
        CreateTopicsResult result = admin.createTopics(requests);
        Exception retriable = null;
        for (Map.Entry<String, KafkaFuture<Void>> e : result.values().entrySet()) {
          try {
            e.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            pending.remove(e.getKey());
          } catch (ExecutionException ex) {
            if (ex.getCause() instanceof TopicExistsException) {
              pending.remove(e.getKey());
            } else if (ex.getCause() instanceof RetriableException) {
              retriable = ex;
            } else {
              throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + KraftNodes.rootMessage(ex), ex);
            }
          } catch (TimeoutException ex) {
            retriable = ex;
          }
        }
        if (!pending.isEmpty()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("cannot create topics " + pending + ": " + KraftNodes.rootMessage(retriable), retriable);
          }
          sleep(200);
        }
      }
      awaitLeaders(admin, wanted, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private void awaitLeaders(Admin admin, Set<String> topics, long deadline) throws InterruptedException {
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> d =
            admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        boolean ready = d.size() == topics.size() && d.values().stream()
            .allMatch(t -> t.partitions().stream().allMatch(EmbeddedKafkaBroker::hasLeader));
        if (ready) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // Just-created topics can be unknown to the broker's metadata cache for a moment.
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("topics " + topics + " have no leader yet" + (last == null ? "" : ": " + KraftNodes.rootMessage(last)), last);
  }

  private static boolean hasLeader(TopicPartitionInfo p) {
    return p.leader() != null && !p.leader().isEmpty();
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "semstream-embedded-admin");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    return Admin.create(p);
  }

  /** Stops the broker (flushing its logs) and, for a temporary directory, deletes the data. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    KraftNodes.shutdownQuietly(server);
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
    log.info("Kafka broker at {} stopped", bootstrapServers());
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
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

  private static void deleteRecursively(Path dir) {
    try {
      Directories.deleteRecursively(dir);
    } catch (IOException e) {
      log.warn("could not delete the broker's temporary directory {}: {}", dir, e.toString());
    }
  }
}
