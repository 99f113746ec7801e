package io.semstream.cli;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.metrics.MetricsEndpoint;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = {
    "Run one role (tx, channel, rx) or all three as Kafka Streams applications until Ctrl-C.",
    "Properties in --config override SemStream's Kafka defaults (e.g. processing.guarantee, num.stream.threads)."})
final class RunCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Mixin AdaptationOptions adaptation;

  @Option(names = "--role", required = true, description = "tx, channel, rx or all (or a list: tx,channel).")
  String role;

  @Option(names = "--codec", defaultValue = "deepjscc-c16", description = "Codec the transmitter uses.")
  String codec;

  @Option(names = "--telemetry-codec", paramLabel = "ID", description = "Telemetry codec the transmitter uses for the "
      + "telemetry topic (linear-cN, gorilla-ldpc-cN, implicit-cN); default: the transmitter reads no telemetry.")
  String telemetryCodec;

  @Option(names = "--snr", defaultValue = "10", description = "SNR (dB) for streams without a channel-state record.")
  double snr;

  @Option(names = "--channel", defaultValue = "awgn", description = "Channel for streams without a channel-state record.")
  String channel;

  @Option(names = "--partitions", defaultValue = "1", description = "Partitions of topics this run creates.")
  int partitions;

  @Option(names = "--seed", defaultValue = "1", description = "Run seed of the channel's random draws.")
  long seed;

  @Option(names = "--design-snr", paramLabel = "DB",
      description = "Classical codecs: fix the MCS for this SNR (default: the link's SNR).")
  Double designSnr;

  @Option(names = "--metrics-port", paramLabel = "P", description = "Serve Prometheus metrics at "
      + "http://HOST:P/metrics: Kafka Streams' own per role, SemStream's (frames in and out, encode and decode time,"
      + " PSNR, CBR and NMSE histograms, deltas sent and refused, dead letters by reason) and the JVM's.")
  Integer metricsPort;

  @Option(names = "--metrics-host", defaultValue = "0.0.0.0", paramLabel = "HOST",
      description = "Address the metrics endpoint listens on (default all; 127.0.0.1 keeps it on this machine).")
  String metricsHost;

  @Override
  public Integer call() throws Exception {
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
      throw new IllegalArgumentException("--metrics-port: expected a port number 0-65535, got " + metricsPort);
    }
    KafkaOptions.validateBootstrap(kafka.bootstrapServers);
    Set<Role> roles = Role.parseList(role);
    CodecRegistry registry = CodecRegistry.standard(designSnr == null ? Double.NaN : designSnr);
    registry.info(codec);
    if (telemetryCodec != null) {
      TelemetryCodecs.parse(telemetryCodec);
    }
    PipelineConfig config = config();
    adaptation.warnIfIneffective(codec, System.err);
    MetricsEndpoint metrics = metricsPort == null ? null : MetricsEndpoint.start(metricsHost, metricsPort);
    PipelineRunner runner;
    try {
      runner = PipelineRunner.start(roles, kafka.bootstrapServers, kafka.properties(),
          Topics.withPrefix(kafka.topicPrefix), config, registry, PipelineRunner.DEFAULT_START_TIMEOUT,
          metrics == null ? null : metrics.registry());
    } catch (RuntimeException e) {
      if (metrics != null) {
        metrics.close();
      }
      throw e;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runner.close();
      if (metrics != null) {
        metrics.close();
      }
      stop.countDown();
    }));
    System.err.println("running " + roles + " against " + kafka.bootstrapServers + "; Ctrl-C stops");
    if (metrics != null) {
      System.err.println("metrics at http://" + (metricsHost.equals("0.0.0.0") ? "localhost" : metricsHost) + ":"
          + metrics.port() + "/metrics");
    }
    stop.await();
    return 0;
  }

  /** The configuration the roles run with; a bad value fails here, before any client starts. */
  PipelineConfig config() {
    return PipelineConfig.builder()
        .codecId(codec)
        .defaultChannel(ChannelConfig.parse(channel, snr))
        .partitions(partitions)
        .runSeed(seed)
        .adaptation(adaptation.settings())
        .telemetryCodecId(telemetryCodec)
        .designSnrDb(designSnr == null ? Double.NaN : designSnr)
        .build();
  }
}
