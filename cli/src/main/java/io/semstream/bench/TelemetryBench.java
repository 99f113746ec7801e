package io.semstream.bench;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code bench --telemetry}: how fast one codec instance encodes and decodes the windows of a live
 * stream, against how fast they arrive. The stream is synthetic (sensors of different units and speeds:
 * oscillations, drifts, noise), since only the time matters here; the first windows warm up and are
 * not timed.
 */
public final class TelemetryBench {
  /** @param windows timed windows, after {@code warmUp} untimed ones */
  public record Options(String codecId, int channels, double rateHz, int window, int windows, int warmUp,
      double snrDb) {}

  private TelemetryBench() {}

  public static Map<String, Object> run(Options o, PrintStream out) {
    TelemetryCodecs.Parsed parsed = TelemetryCodecs.parse(o.codecId());
    SplittableRandom random = new SplittableRandom(11);
    double[] walk = new double[o.channels()];
    SeriesWindow[] stream = new SeriesWindow[o.warmUp() + o.windows()];
    for (int w = 0; w < stream.length; w++) {
      float[] s = new float[o.channels() * o.window()];
      for (int c = 0; c < o.channels(); c++) {
        for (int t = 0; t < o.window(); t++) {
          double time = (w * o.window() + t) / o.rateHz();
          walk[c] += 0.01 * random.nextGaussian();
          s[c * o.window() + t] = (float) (Math.pow(10, c % 3) * (Math.sin(2 * Math.PI * (0.5 + c) * time) + walk[c])
              + 0.05 * random.nextGaussian());
        }
      }
      stream[w] = new SeriesWindow(o.channels(), o.window(), s);
    }
    StreamProfile profile = StreamProfile.of(List.of(stream[0]));
    ChannelConfig channel = ChannelConfig.awgn(o.snrDb());
    ChannelSimulator simulator = new ChannelSimulator(1);
    long encodeNanos = 0, decodeNanos = 0;
    try (TelemetryCodec codec = TelemetryCodecs.create(parsed.family(), parsed.cbr(), Double.NaN);
         ProgressBar bar = new ProgressBarBuilder().setTaskName("bench " + o.codecId()).setInitialMax(stream.length)
             .setStyle(ProgressBarStyle.ASCII).build()) {
      for (int i = 0; i < stream.length; i++) {
        long t0 = System.nanoTime();
        TxPacket tx = codec.encode(new TelemetryWindowMeta("bench", i, 0), stream[i], profile,
            LinkConditions.awgn(o.snrDb()));
        long t1 = System.nanoTime();
        RxPacket rx = RxPackets.from(tx, simulator.transmit(Symbols.fromBytes(tx.getSymbols()), channel, "bench", i,
            null), channel, 0);
        long t2 = System.nanoTime();
        codec.decode(rx, profile);
        long t3 = System.nanoTime();
        if (i >= o.warmUp()) {
          encodeNanos += t1 - t0;
          decodeNanos += t3 - t2;
        }
        bar.step();
      }
    }
    double windowSeconds = o.window() / o.rateHz();
    double encodeMs = encodeNanos / 1e6 / o.windows(), decodeMs = decodeNanos / 1e6 / o.windows();
    double realTime = windowSeconds * 1000 / (encodeMs + decodeMs);
    out.printf("%-32s %s%n", "codec", o.codecId());
    out.printf("%-32s %d channels at %.0f Hz, windows of %d (%.2f s); %d timed after %d warm-up%n", "stream",
        o.channels(), o.rateHz(), o.window(), windowSeconds, o.windows(), o.warmUp());
    out.printf("%-32s %.2f%n", "encode ms/window", encodeMs);
    out.printf("%-32s %.2f%n", "decode ms/window", decodeMs);
    out.printf("%-32s %.1f x (>= 1: keeps up with the stream)%n", "real-time factor", realTime);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("codec", o.codecId());
    figures.put("channels", o.channels());
    figures.put("rateHz", o.rateHz());
    figures.put("window", o.window());
    figures.put("windows", o.windows());
    figures.put("encodeMsPerWindow", encodeMs);
    figures.put("decodeMsPerWindow", decodeMs);
    figures.put("realTimeFactor", realTime);
    return figures;
  }
}
