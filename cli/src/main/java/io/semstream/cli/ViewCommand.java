package io.semstream.cli;

import io.semstream.topology.Topics;
import io.semstream.viewer.LinkViewer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "view", description = {
    "Serve a live web page of a deployment until Ctrl-C: per stream the latest original beside its reconstruction,",
    "and PSNR, MS-SSIM, SNR, CBR, latency, model versions, lost and dead-lettered frames over time (telemetry:",
    "original and reconstructed traces, NMSE). Reads the topics with its own consumer group; never writes."})
final class ViewCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "HTTP port (default 8080; 0: any).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to listen on (default 127.0.0.1; 0.0.0.0 shares the page with the network).")
  String host;

  @Option(names = "--from-start", description = "A new viewer group starts at the topics' beginning (default: their end).")
  boolean fromStart;

  @Override
  public Integer call() throws Exception {
    KafkaOptions.validateBootstrap(kafka.bootstrapServers);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port: expected a port number 0-65535, got " + port);
    }
    LinkViewer viewer = LinkViewer.start(kafka.bootstrapServers, Topics.withPrefix(kafka.topicPrefix), host, port,
        fromStart, kafka.properties());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      viewer.close();
      stop.countDown();
    }));
    System.err.println("viewer at " + viewer.url() + " reading " + kafka.bootstrapServers + "; Ctrl-C stops");
    stop.await();
    return 0;
  }
}
