package io.semstream.cli;

import io.semstream.testkit.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", description = "Run a single-node Kafka (KRaft) broker in this process until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Client port on 127.0.0.1 (default: a free port).", defaultValue = "0")
  int port;

  @Option(names = "--data", description = "Log directory; reused if already formatted (default: a temporary one).")
  Path data;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, data);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stop.countDown();
    }));
    System.out.println(broker.bootstrapServers());
    System.out.flush();
    stop.await();
    return 0;
  }
}
