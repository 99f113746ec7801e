package io.semstream.codecs.train;

import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.codecs.telemetry.TelemetrySeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The training series of the telemetry codecs, each channel normalised by its own mean and standard
 * deviation over the series (the location and scale a stream profile calibrated on it would give): instances for the meta-learner are random
 * stretches of random channels.
 */
public final class TelemetryTrainingSet {
  private final List<float[]> channels = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final Map<Integer, StreamProfile> profiles = new HashMap<>();

  private TelemetryTrainingSet() {}

  /** Every {@code *.csv} of a folder (files without a time column need a {@code # sample-rate-hz} line). */
  public static TelemetryTrainingSet load(Path dir) throws IOException {
    TelemetryTrainingSet set = new TelemetryTrainingSet();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
    for (Path file : files) {
      TelemetrySeries series;
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        series = TelemetryCsv.read(in, Double.NaN, file.toString());
      }
      SeriesWindow whole = series.window(0, series.length());
      if (whole.firstNonFinite() >= 0) {
        throw new IllegalArgumentException(file + " holds a NaN or infinite value");
      }
      for (int c = 0; c < series.channels(); c++) {
        float[] v = whole.channel(c);
        double mean = 0, squares = 0;
        for (float x : v) {
          mean += x;
          squares += (double) x * x;
        }
        mean /= v.length;
        double std = Math.sqrt(Math.max(0, squares / v.length - mean * mean));
        double scale = std > 0 ? std : Math.max(Math.abs(mean), 1);
        for (int t = 0; t < v.length; t++) {
          v[t] = (float) ((v[t] - mean) / scale);
        }
        set.channels.add(v);
        set.names.add(file.getFileName() + ":" + series.channelNames().get(c));
      }
    }
    if (set.channels.isEmpty()) {
      throw new IllegalArgumentException(dir + " holds no telemetry CSV");
    }
    return set;
  }

  public int channelCount() {
    return channels.size();
  }

  /**
   * A random stretch of {@code length} points of a random channel that has that many, drawn with the
   * channels weighted alike (a short quarterly series as likely as a long ECG); null if none is long enough.
   */
  public float[] stretch(int length, SplittableRandom rng) {
    Stretch s = draw(length, rng);
    return s == null ? null : s.samples();
  }

  /** A stretch and the index of the channel it was cut from. */
  public record Stretch(float[] samples, int channel) {}

  /** A random stretch of a random channel long enough, or null when none is. */
  public Stretch draw(int length, SplittableRandom rng) {
    List<Integer> longEnough = IntStream.range(0, channels.size())
        .filter(i -> channels.get(i).length >= length).boxed().toList();
    if (longEnough.isEmpty()) {
      return null;
    }
    int index = longEnough.get(rng.nextInt(longEnough.size()));
    float[] c = channels.get(index);
    int start = rng.nextInt(c.length - length + 1);
    return new Stretch(java.util.Arrays.copyOfRange(c, start, start + length), index);
  }

  /**
   * The one-channel stream profile of a training channel calibrated on all of it in windows of {@code window}
   * points (or one of all of a shorter channel), as {@code eval} calibrates a recorded series; made once per
   * channel.
   */
  public synchronized StreamProfile profile(int channel, int window) {
    return profiles.computeIfAbsent(channel, i -> {
      float[] v = channels.get(i);
      int length = Math.min(window, v.length);
      List<SeriesWindow> windows = new ArrayList<>();
      for (int start = 0; start + length <= v.length; start += length) {
        windows.add(new SeriesWindow(1, length, java.util.Arrays.copyOfRange(v, start, start + length)));
      }
      return StreamProfile.of(windows);
    });
  }
}
