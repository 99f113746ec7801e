package io.semstream.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.codecs.telemetry.TelemetrySeries;
import io.semstream.ingest.TelemetryPublisher;
import io.semstream.schemas.LinkMetrics;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import io.semstream.viewer.LinkViewer;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code demo --telemetry FILE.csv}: one telemetry stream through the three roles on an embedded broker
 * (or a given cluster): the CSV cut into windows, encoded, sent through the channel, decoded, scored; then
 * every reconstruction checked against the offline decode of its received packet, bit for bit.
 */
public final class TelemetryDemo {
  /** What the demo is told. */
  public record Options(Path csv, double rateHz, int window, String codecId, ChannelConfig channel,
      String bootstrapServers, String streamId, Duration timeout, double designSnrDb, Path out, Path json,
      DemoView view) {}

  /** What the demo found; {@code meanNmseDb} over the windows scored (linear mean, in dB). */
  public record Summary(String codec, String stream, int channels, int windowsSent, int reconstructed, int lost,
      int deadLetters, double meanNmseDb, double meanCbr, double latencyP50Ms, int metricsWindows,
      boolean identicalToOffline) {}

  private final Options o;
  private final PrintStream out;
  private final PrintStream err;

  public TelemetryDemo(Options options, PrintStream out, PrintStream err) {
    this.o = options;
    this.out = out;
    this.err = err;
  }

  public Summary run() throws Exception {
    TelemetryCodecs.Parsed parsed = TelemetryCodecs.parse(o.codecId());
    TelemetrySeries series;
    try (BufferedReader in = Files.newBufferedReader(o.csv(), StandardCharsets.UTF_8)) {
      series = TelemetryCsv.read(in, o.rateHz(), o.csv().toString());
    }
    List<TelemetryWindow> windows = TelemetryPublisher.windows(o.streamId(), series, o.window());
    try (DemoCluster cluster = new DemoCluster(o.bootstrapServers(), null, err)) {
      String bootstrap = cluster.bootstrapServers();
      Properties overrides = cluster.overrides();
      Topics topics = Topics.defaults();
      PipelineConfig config = PipelineConfig.builder().telemetryCodecId(o.codecId()).defaultChannel(o.channel())
          .designSnrDb(o.designSnrDb()).partitions(1).build();
      try (PipelineRunner runner = PipelineRunner.start(EnumSet.allOf(Role.class), bootstrap, overrides, topics,
          config, CodecRegistry.standard(o.designSnrDb()))) {
        Demo.publishChannelState(bootstrap, topics, o.channel(), o.streamId(), overrides);
        try (LinkViewer viewer = o.view() == null ? null : o.view().open(bootstrap, topics, overrides, err);
             TelemetryCollector collector = new TelemetryCollector(bootstrap, topics, o.streamId(), overrides);
             TelemetryPublisher publisher = new TelemetryPublisher(bootstrap, topics.telemetry(), overrides)) {
          err.printf("sending %d window(s) of %d channel(s) of %s as stream %s with %s%n", windows.size(),
              series.channels(), o.csv(), o.streamId(), o.codecId());
          publisher.publish(windows, o.view() == null ? 0 : o.view().fps());
          long deadline = System.currentTimeMillis() + o.timeout().toMillis();
          while (collector.accounted() < windows.size() && System.currentTimeMillis() < deadline) {
            collector.poll(Duration.ofMillis(200));
          }
          // The metrics of the last second close on the receiver's wall clock.
          long metricsDeadline = System.currentTimeMillis() + 3000;
          while (System.currentTimeMillis() < metricsDeadline
              && collector.metrics().stream().mapToLong(LinkMetrics::getFrames).sum() < collector.reconstructions().size()) {
            collector.poll(Duration.ofMillis(200));
          }
          while (!collector.packets().keySet().containsAll(collector.reconstructions().keySet())
              && System.currentTimeMillis() < deadline) {
            collector.poll(Duration.ofMillis(200));
          }
          boolean identical = offlineCheck(parsed, collector);
          Summary s = summarise(series, windows.size(), collector, identical);
          print(s, collector);
          if (o.out() != null) {
            writeCsv(collector, o.out());
          }
          if (o.json() != null) {
            Files.writeString(o.json(), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(s));
          }
          if (viewer != null) {
            o.view().linger(viewer, err);
          }
          return s;
        }
      }
    }
  }

  /** Decodes every received packet again with a fresh codec and compares with the pipeline's output. */
  private boolean offlineCheck(TelemetryCodecs.Parsed parsed, TelemetryCollector c) {
    if (c.reconstructions().isEmpty()) {
      return false;
    }
    try (TelemetryCodec codec = TelemetryCodecs.create(parsed.family(), parsed.cbr(), o.designSnrDb())) {
      for (TelemetryReconstruction r : c.reconstructions().values()) {
        RxPacket p = c.packets().get(r.getSeq());
        if (p == null) {
          err.printf("window %d: its received packet was not read back%n", r.getSeq());
          return false;
        }
        if (r.getLost()) {
          continue;
        }
        SeriesWindow offline;
        try {
          offline = codec.decode(p, StreamProfile.fromBytes(p.getStreamProfile()));
        } catch (FrameLostException e) {
          err.printf("window %d: decoded in the pipeline, lost offline%n", r.getSeq());
          return false;
        }
        for (int i = 0; i < offline.samples().length; i++) {
          if (Float.floatToIntBits(offline.samples()[i]) != Float.floatToIntBits(r.getSamples().get(i))) {
            err.printf("window %d differs from its offline decode at sample %d%n", r.getSeq(), i);
            return false;
          }
        }
      }
    }
    return true;
  }

  private Summary summarise(TelemetrySeries series, int sent, TelemetryCollector c, boolean identical) {
    double nmse = 0, cbr = 0;
    int scored = 0, lost = 0;
    List<Long> latencies = new ArrayList<>();
    for (TelemetryReconstruction r : c.reconstructions().values()) {
      if (r.getNmseDb() != null) {
        nmse += Math.pow(10, r.getNmseDb() / 10);
        scored++;
      }
      lost += r.getLost() ? 1 : 0;
      cbr += r.getCbr();
      latencies.add(r.getLatencyMs());
    }
    latencies.sort(null);
    int n = c.reconstructions().size();
    return new Summary(o.codecId(), o.streamId(), series.channels(), sent, n, lost, c.deadLetters().size(),
        scored == 0 ? Double.NaN : 10 * Math.log10(nmse / scored), n == 0 ? Double.NaN : cbr / n,
        latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() / 2), c.metrics().size(), identical);
  }

  private void print(Summary s, TelemetryCollector c) {
    Map<String, Object> lines = new LinkedHashMap<>();
    lines.put("codec", s.codec());
    lines.put("windows sent", s.windowsSent());
    lines.put("reconstructed", s.reconstructed());
    lines.put("lost (concealed)", s.lost());
    lines.put("dead letters", s.deadLetters());
    lines.put("mean NMSE (dB)", String.format(Locale.ROOT, "%.2f", s.meanNmseDb()));
    lines.put("mean CBR (uses/sample)", String.format(Locale.ROOT, "%.5f", s.meanCbr()));
    lines.put("latency p50 (ms)", s.latencyP50Ms());
    lines.put("metrics records", s.metricsWindows());
    lines.put("identical to offline decode", s.identicalToOffline());
    out.println();
    lines.forEach((k, v) -> out.printf("%-30s %s%n", k, v));
    c.deadLetters().forEach(d -> out.println("dead letter: " + d.getReason()));
  }

  private static void writeCsv(TelemetryCollector c, Path file) throws java.io.IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      TelemetryCsv.write(series(c.reconstructions().values()), w);
    }
  }

  /**
   * Reconstructions of one stream in seq order as one series, each sample timed from its window's start and
   * the stream's sample rate (at rate 0, irregular, every sample of a window carries the window's start).
   */
  public static TelemetrySeries series(java.util.Collection<TelemetryReconstruction> inOrder) {
    List<SeriesWindow> windows = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<String> names = null;
    double rate = 0;
    for (TelemetryReconstruction r : inOrder) {
      if (names == null) {
        names = List.copyOf(r.getChannelNames());
        rate = r.getSampleRateHz();
      } else if (r.getChannelNames().size() != names.size()) {
        throw new IllegalArgumentException("window " + r.getSeq() + " has " + r.getChannelNames().size()
            + " channels, the stream " + names.size());
      }
      float[] v = new float[r.getSamples().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.getSamples().get(i);
      }
      SeriesWindow w = new SeriesWindow(names.size(), v.length / names.size(), v);
      windows.add(w);
      for (int t = 0; t < w.length(); t++) {
        times.add(r.getStartTimestamp() + (rate > 0 ? Math.round(t * 1000.0 / rate) : 0));
      }
    }
    if (names == null) {
      throw new IllegalArgumentException("no reconstructions to write");
    }
    return TelemetrySeries.of(names, times.stream().mapToLong(Long::longValue).toArray(), rate, windows);
  }
}
