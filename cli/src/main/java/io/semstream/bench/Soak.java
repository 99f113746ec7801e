package io.semstream.bench;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Percentiles;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.ingest.FramePublisher;
import io.semstream.ingest.PayloadFormat;
import io.semstream.io.SyntheticVideo;
import io.semstream.testkit.Directories;
import io.semstream.testkit.EmbeddedKafkaBroker;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import io.semstream.topology.tx.AdaptationSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code soak}: the whole pipeline on an embedded broker for a long stretch of paced input, sampling the
 * process's resident memory and its heap (after a collection) at fixed intervals, then the slope of each
 * over the run after the warm-up, by least squares, with its standard error.
 */
public final class Soak {

  public record Options(String codecId, int width, int height, double fps, Duration duration, Duration sampleEvery,
      Duration warmUp, boolean msssim, AdaptationSettings adaptation) {}

  /** One look at the process. */
  public record Sample(double minutes, double residentMiB, double heapMiB, long openFiles, int threads,
      long published, long reconstructed, long deadLetters, double latencyP95Ms) {}

  /**
   * Least-squares slope per hour (MiB for memory, a count for files and threads) with its standard error, and the Theil–Sen slope (the median of
   * the slopes between all pairs of samples), which an occasional spike does not move.
   */
  public record Slope(double mibPerHour, double standardError, double theilSen) {
    public boolean withinNoise() {
      return Math.abs(mibPerHour) <= 2 * standardError;
    }

    /** Not rising: the least-squares slope is below twice its standard error. */
    public boolean notGrowing() {
      return mibPerHour <= 2 * standardError;
    }
  }

  private Soak() {}

  public static Map<String, Object> run(CodecRegistry registry, Options o, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    registry.info(o.codecId());
    List<RgbImage> clip = new ArrayList<>();
    SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), o.width(), o.height(), 120);
    for (int i = 0; i < 120; i++) {
      clip.add(video.frame(i));
    }
    Path state = Files.createTempDirectory("semstream-soak-state");
    // Short retention: at video rates the topics would otherwise fill the disk in a long run.
    Map<String, String> broker = Map.of("log.retention.ms", "120000", "log.segment.bytes", "33554432",
        "log.retention.check.interval.ms", "15000");
    List<Sample> samples = new ArrayList<>();
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, null, broker)) {
      Properties overrides = new Properties();
      overrides.put("state.dir", state.toString());
      Topics topics = Topics.defaults();
      PipelineConfig config = PipelineConfig.builder().codecId(o.codecId()).defaultChannel(ChannelConfig.awgn(10))
          .partitions(1).computeMsSsim(o.msssim()).adaptation(o.adaptation()).build();
      String bootstrap = kafka.bootstrapServers();
      try (PipelineRunner runner = PipelineRunner.start(EnumSet.allOf(Role.class), bootstrap, overrides, topics,
          config, registry);
           CountingCollector collector = new CountingCollector(bootstrap, topics, "soak", overrides);
           FramePublisher publisher = new FramePublisher(bootstrap, topics.frames(), overrides)) {
        long start = System.currentTimeMillis();
        long end = start + o.duration().toMillis();
        LoopingSource source = new LoopingSource(clip, end);
        Thread sender = new Thread(() -> publisher.publish("soak", source, PayloadFormat.PNG, null, o.fps(), 0, 0,
            false, false, err), "soak-publisher");
        sender.start();
        long nextSample = start + o.sampleEvery().toMillis();
        err.printf("soak: %s at %dx%d, %.1f frames/s for %s, a sample every %s%n", o.codecId(), o.width(), o.height(),
            o.fps(), o.duration(), o.sampleEvery());
        while (System.currentTimeMillis() < end) {
          collector.poll(Duration.ofMillis(200));
          if (System.currentTimeMillis() >= nextSample) {
            Sample s = sample(start, source.served(), collector);
            samples.add(s);
            err.printf("soak %5.1f min: resident %.1f MiB, heap %.1f MiB, %d open files, %d threads, %d frames in,"
                + " %d out, %d dead letters, p95 latency %.0f ms%n", s.minutes(), s.residentMiB(), s.heapMiB(),
                s.openFiles(), s.threads(), s.published(), s.reconstructed(), s.deadLetters(), s.latencyP95Ms());
            nextSample += o.sampleEvery().toMillis();
          }
        }
        source.stop();
        sender.join();
      }
    } finally {
      Directories.deleteRecursively(state);
    }
    return report(samples, o, out);
  }

  private static Sample sample(long start, long published, CountingCollector collector) {
    System.gc();
    double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    double rss = ProcessMemory.residentBytes() / 1048576.0;
    double p95 = Percentiles.nearestRank(collector.takeLatencies(), 0.95);
    return new Sample((System.currentTimeMillis() - start) / 60000.0, rss, heap, openFiles(),
        ManagementFactory.getThreadMXBean().getThreadCount(), published, collector.reconstructions(),
        collector.deadLetters(), p95);
  }

  /** This process's open file descriptors (sockets, segments, RocksDB files), or -1 where /proc is missing. */
  static long openFiles() {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static Slope slope(List<double[]> points) {
    int n = points.size();
    if (n < 3) {
      return new Slope(Double.NaN, Double.NaN, Double.NaN);
    }
    double mx = 0, my = 0;
    for (double[] p : points) {
      mx += p[0];
      my += p[1];
    }
    mx /= n;
    my /= n;
    double sxx = 0, sxy = 0;
    for (double[] p : points) {
      sxx += (p[0] - mx) * (p[0] - mx);
      sxy += (p[0] - mx) * (p[1] - my);
    }
    double b = sxy / sxx;
    double rss = 0;
    for (double[] p : points) {
      double r = p[1] - (my + b * (p[0] - mx));
      rss += r * r;
    }
    double se = Math.sqrt(rss / (n - 2) / sxx);
    List<Double> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dx = points.get(j)[0] - points.get(i)[0];
        if (dx > 0) {
          pairs.add((points.get(j)[1] - points.get(i)[1]) / dx);
        }
      }
    }
    pairs.sort(Double::compare);
    double median = pairs.isEmpty() ? Double.NaN : pairs.size() % 2 == 1 ? pairs.get(pairs.size() / 2)
        : (pairs.get(pairs.size() / 2 - 1) + pairs.get(pairs.size() / 2)) / 2;
    return new Slope(b, se, median);
  }

  private static Map<String, Object> report(List<Sample> samples, Options o, PrintStream out) {
    double warm = o.warmUp().toMillis() / 60000.0;
    List<double[]> rss = new ArrayList<>();
    List<double[]> heap = new ArrayList<>();
    List<double[]> files = new ArrayList<>();
    List<double[]> threads = new ArrayList<>();
    for (Sample s : samples) {
      if (s.minutes() >= warm) {
        rss.add(new double[] {s.minutes() / 60, s.residentMiB()});
        heap.add(new double[] {s.minutes() / 60, s.heapMiB()});
        files.add(new double[] {s.minutes() / 60, s.openFiles()});
        threads.add(new double[] {s.minutes() / 60, s.threads()});
      }
    }
    Slope r = slope(rss);
    Slope h = slope(heap);
    Slope f = slope(files);
    Slope t = slope(threads);
    Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
    out.println();
    out.printf("%-30s %s at %dx%d, %.1f frames/s paced, %s%n", "soak", o.codecId(), o.width(), o.height(), o.fps(),
        o.duration());
    if (last != null) {
      out.printf("%-30s %d in, %d reconstructed, %d dead letters%n", "frames", last.published(), last.reconstructed(),
          last.deadLetters());
    }
    out.printf("%-30s %+.2f ± %.2f MiB/h (Theil–Sen %+.2f) after the first %s: %s%n", "resident memory slope",
        r.mibPerHour(), r.standardError(), r.theilSen(), o.warmUp(), verdict(r));
    out.printf("%-30s %+.2f ± %.2f MiB/h (Theil–Sen %+.2f): %s%n", "heap slope (after GC)", h.mibPerHour(),
        h.standardError(), h.theilSen(), verdict(h));
    out.printf("%-30s %+.2f ± %.2f per hour (Theil–Sen %+.2f): %s%n", "open files slope", f.mibPerHour(),
        f.standardError(), f.theilSen(), verdict(f));
    out.printf("%-30s %+.2f ± %.2f per hour (Theil–Sen %+.2f): %s%n", "threads slope", t.mibPerHour(),
        t.standardError(), t.theilSen(), verdict(t));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("codec", o.codecId());
    json.put("size", o.width() + "x" + o.height());
    json.put("fps", o.fps());
    json.put("minutes", o.duration().toMillis() / 60000.0);
    json.put("warmUpMinutes", warm);
    json.put("residentSlopeMiBPerHour", r.mibPerHour());
    json.put("residentSlopeStandardError", r.standardError());
    json.put("heapSlopeMiBPerHour", h.mibPerHour());
    json.put("heapSlopeStandardError", h.standardError());
    json.put("residentTheilSenMiBPerHour", r.theilSen());
    json.put("heapTheilSenMiBPerHour", h.theilSen());
    json.put("openFilesSlopePerHour", f.mibPerHour());
    json.put("openFilesSlopeStandardError", f.standardError());
    json.put("threadsSlopePerHour", t.mibPerHour());
    json.put("threadsSlopeStandardError", t.standardError());
    json.put("adaptEvery", o.adaptation().groupFrames());
    json.put("published", last == null ? 0 : last.published());
    json.put("reconstructed", last == null ? 0 : last.reconstructed());
    json.put("deadLetters", last == null ? 0 : last.deadLetters());
    json.put("samples", samples);
    return json;
  }

  private static String verdict(Slope s) {
    return s.withinNoise() ? "flat (within twice its standard error)"
        : s.notGrowing() ? "falling" : "rising beyond its standard error";
  }

}
