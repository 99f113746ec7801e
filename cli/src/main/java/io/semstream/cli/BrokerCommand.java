package io.semstream.cli;

import io.semstream.testkit.EmbeddedKafkaBroker;
import io.semstream.testkit.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Option(names = "--data", description = "Log directory (for a cluster: the parent of node-1, node-2, ...);"
      + " reused if already formatted (default: a temporary one).")
  Path data;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    if (nodes < 1 || nodes > 9) {
      throw new IllegalArgumentException("--nodes must be between 1 and 9, got " + nodes);
    }
    if (nodes > 1 && port != 0) {
      throw new IllegalArgumentException("--port names a single broker's port; a cluster of --nodes " + nodes
          + " picks its own ports and prints them");
    }
    AutoCloseable running;
    String bootstrap;
    if (nodes == 1) {
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
}
