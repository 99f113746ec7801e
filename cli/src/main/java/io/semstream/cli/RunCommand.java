package io.semstream.cli;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.codecs.registry.TelemetryCodecs;
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

  @Override
  public Integer call() throws Exception {
    KafkaOptions.validateBootstrap(kafka.bootstrapServers);
    Set<Role> roles = Role.parseList(role);
    CodecRegistry registry = CodecRegistry.standard(designSnr == null ? Double.NaN : designSnr);
    registry.info(codec);
    if (telemetryCodec != null) {
      TelemetryCodecs.parse(telemetryCodec);
    }
    PipelineConfig config = config();
    adaptation.warnIfIneffective(codec, System.err);
    PipelineRunner runner = PipelineRunner.start(roles, kafka.bootstrapServers, kafka.properties(),
        Topics.withPrefix(kafka.topicPrefix), config, registry);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runner.close();
      stop.countDown();
    }));
    System.err.println("running " + roles + " against " + kafka.bootstrapServers + "; Ctrl-C stops");
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
