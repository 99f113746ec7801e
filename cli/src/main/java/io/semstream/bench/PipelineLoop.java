package io.semstream.bench;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.demo.OutcomeCollector;
import io.semstream.ingest.FramePublisher;
import io.semstream.ingest.PayloadFormat;
import io.semstream.schemas.Reconstruction;
import io.semstream.testkit.Directories;
import io.semstream.testkit.EmbeddedKafkaBroker;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The same frames through the three roles on an embedded broker, in this JVM: published (paced or as
 * fast as they go), and timed until the last reconstruction is read back.
 */
final class PipelineLoop {

  /**
   * @param seconds from the first frame published to the last reconstruction read
   * @param latenciesMs per reconstruction, receiver time minus capture time, ascending
   */
  record Timing(int frames, int reconstructions, int deadLetters, double seconds, long[] latenciesMs,
      double meanPsnr, Map<String, Double> cpuSeconds) {
    double fps() {
      return reconstructions / seconds;
    }
  }

  private PipelineLoop() {}

  static Timing run(CodecRegistry registry, String codecId, List<RgbImage> frames, List<RgbImage> warmUp,
      double snrDb, double fps, PayloadFormat format, boolean msssim, Duration timeout, PrintStream err)
      throws IOException {
    Path state = Files.createTempDirectory("semstream-bench-state");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null)) {
      Properties overrides = new Properties();
      overrides.put("state.dir", state.toString());
      Topics topics = Topics.defaults();
      PipelineConfig config = PipelineConfig.builder()
          .codecId(codecId)
          .defaultChannel(ChannelConfig.awgn(snrDb))
          .partitions(1)
          .computeMsSsim(msssim)
          .build();
      String bootstrap = broker.bootstrapServers();
      try (PipelineRunner runner = PipelineRunner.start(EnumSet.allOf(Role.class), bootstrap, overrides, topics,
          config, registry)) {
        if (!warmUp.isEmpty()) {
          err.printf("pipeline: %d warm-up frames ...%n", warmUp.size());
          send(bootstrap, topics, overrides, "bench-warm-up", warmUp, 0, format, timeout, () -> { });
        }
        err.printf("pipeline: %d frames%s ...%n", frames.size(), fps > 0 ? " at " + fps + " frames/s" : "");
        // Kafka Streams' own view, three quarters through: how busy each role's thread is.
        Runnable threadRatios = () -> {
          for (Role role : runner.roles()) {
            StringBuilder b = new StringBuilder();
            runner.streams(role).metrics().forEach((name, metric) -> {
              if (name.group().equals("stream-thread-metrics") && (name.name().endsWith("-ratio")
                  || name.name().equals("commit-latency-avg") || name.name().equals("poll-latency-avg")
                  || name.name().equals("process-latency-avg") || name.name().equals("commit-rate")
                  || name.name().equals("poll-records-avg"))) {
                b.append(name.name()).append('=').append(String.format("%.3f", (Double) metric.metricValue())).append(' ');
              }
            });
            err.printf("%s thread: %s%n", role.id(), b);
          }
        };
        return send(bootstrap, topics, overrides, "bench", frames, fps, format, timeout, threadRatios);
      }
    } finally {
      Directories.deleteRecursively(state);
    }
  }

  private static Timing send(String bootstrap, Topics topics, Properties overrides, String stream,
      List<RgbImage> frames, double fps, PayloadFormat format, Duration timeout, Runnable atThreeQuarters) {
    try (OutcomeCollector collector = new OutcomeCollector(bootstrap, topics, stream, overrides);
         FramePublisher publisher = new FramePublisher(bootstrap, topics.frames(), overrides)) {
      Map<String, Double> cpu0 = ThreadCpu.snapshot();
      long t0 = System.currentTimeMillis();
      // Published from another thread, so a paced stream's frames are read back while it is still sending.
      Thread sender = new Thread(() -> publisher.publish(stream, new ListSource(frames), format, null, fps, 0, 0,
          false, false, System.err), "bench-publisher");
      sender.start();
      long deadline = t0 + timeout.toMillis() + (fps > 0 ? Math.round(frames.size() * 1000 / fps) : 0);
      boolean mid = false;
      while (collector.accounted() < frames.size() && System.currentTimeMillis() < deadline) {
        collector.poll(Duration.ofMillis(50));
        if (!mid && collector.accounted() > frames.size() * 3 / 4) {
          atThreeQuarters.run();
          mid = true;
        }
      }
      join(sender);
      Map<String, Double> cpu = ThreadCpu.since(cpu0, ThreadCpu.snapshot());
      double seconds = Math.max(1e-3, (collector.lastArrivalMillis() - t0) / 1000.0);
      long[] latencies = collector.reconstructions().values().stream().mapToLong(Reconstruction::getLatencyMs)
          .sorted().toArray();
      double psnr = collector.reconstructions().values().stream().filter(r -> r.getPsnr() != null)
          .mapToDouble(Reconstruction::getPsnr).average().orElse(Double.NaN);
      return new Timing(frames.size(), collector.reconstructions().size(), collector.deadLetters().size(), seconds,
          latencies, psnr, cpu);
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
