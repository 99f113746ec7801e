package io.semstream.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined broker + controller node of a KRaft cluster on loopback: its configuration, the formatting of its
 * log directory, its ports and its shutdown. Shared by the single broker and the cluster so both run Kafka the
 * same way.
 */
final class KraftNodes {
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Logger log = LoggerFactory.getLogger(KraftNodes.class);

  private KraftNodes() {}

  /**
   * @param voters the controller quorum, {@code id@host:port,...}
   * @param nodes how many nodes the cluster has: internal topics get min(3, nodes) replicas and, from three nodes
   *     on, writes need two in sync, so one node can go away without losing an acknowledged record
   */
  static Properties props(int nodeId, Path dir, int clientPort, int controllerPort, String voters, int nodes,
      Map<String, String> overrides) {
    int replicas = Math.min(3, nodes);
    String minInSync = Integer.toString(nodes >= 3 ? 2 : 1);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put("controller.quorum.voters", voters);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    // Groups and transactions (and so Kafka Streams) become ready only once their internal topics have the
    // replicas asked for: as many as there are nodes, up to three.
    p.put("offsets.topic.replication.factor", Integer.toString(replicas));
    p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
    p.put("transaction.state.log.min.isr", minInSync);
    p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
    p.put("share.coordinator.state.topic.min.isr", minInSync);
    p.put("default.replication.factor", Integer.toString(replicas));
    p.put("min.insync.replicas", minInSync);
    // The 50-partition defaults cost seconds of start-up for no benefit on one machine.
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's 128 MB dedupe buffer is sized for servers; here it would sit in the CLI's heap.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.putAll(overrides);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  static void format(Path dir, int nodeId, String clusterId) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(dir.toString()))
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka log directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A port on loopback that nothing listens on right now. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on loopback", e);
    }
  }

  /** Whether nothing listens on {@code port} of loopback right now. */
  static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("Kafka node shutdown: {}", e.toString());
    }
  }

  /** The innermost cause's message: Kafka wraps the reason a start failed several times. */
  static String rootMessage(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /**
   * Waits until the cluster that {@code admin} reaches lists at least {@code expected} live brokers.
   *
   * @throws IllegalStateException naming {@code what} when they do not within {@code timeout}
   */
  static void awaitBrokers(Admin admin, int expected, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= expected) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException(what + " did not answer within " + timeout.toSeconds() + " s"
        + (last == null ? "" : ": " + rootMessage(last)), last);
  }

  /** {@code dataDir} made absolute and created, or a new temporary directory named {@code prefix...} when null. */
  static Path dataDir(Path dataDir, String prefix) {
    try {
      Path dir = dataDir == null ? Files.createTempDirectory(prefix) : dataDir.toAbsolutePath();
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data directory " + dataDir, e);
    }
  }
}
