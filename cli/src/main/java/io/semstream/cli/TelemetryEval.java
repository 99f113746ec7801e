package io.semstream.cli;

import io.semstream.codecs.eval.FitCurve;
import io.semstream.codecs.eval.TelemetryEvalRow;
import io.semstream.codecs.eval.TelemetryEvaluator;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.codecs.telemetry.TelemetrySeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** {@code eval --telemetry}: telemetry codecs on CSV series, one stream per file, as one table. */
final class TelemetryEval {
  private TelemetryEval() {}

  /** The CSV files of a path: the file itself, or a folder's {@code *.csv} in name order. */
  static List<Path> files(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("--telemetry: " + path + " is neither a CSV file nor a folder of them");
    }
    try (Stream<Path> s = Files.list(path)) {
      List<Path> csv = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
      if (csv.isEmpty()) {
        throw new IllegalArgumentException("--telemetry: " + path + " holds no .csv file");
      }
      return csv;
    }
  }

  static List<TelemetryEvaluator.Series> load(Path path, int window, double rateHz) throws IOException {
    List<TelemetryEvaluator.Series> out = new ArrayList<>();
    for (Path file : files(path)) {
      TelemetrySeries series;
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        series = TelemetryCsv.read(in, rateHz, file.toString());
      }
      List<SeriesWindow> windows = series.windows(window);
      if (windows.isEmpty()) {
        System.err.printf("%s: %d time points, fewer than one window of %d: skipped%n", file, series.length(), window);
        continue;
      }
      for (SeriesWindow w : windows) {
        if (w.firstNonFinite() >= 0) {
          throw new IllegalArgumentException(file + " holds a NaN or infinite value; eval needs finite series");
        }
      }
      String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
      System.err.printf("%-24s %2d channel(s), %d windows of %d%n", name, series.channels(), windows.size(), window);
      out.add(new TelemetryEvaluator.Series(name, windows));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--telemetry: no series holds one whole window of " + window + " points");
    }
    return out;
  }

  static List<TelemetryEvalRow> run(List<String> families, List<Double> cbrs, List<String> channels,
      List<Double> snrs, List<TelemetryEvaluator.Series> series, long seed, double designSnrDb) {
    for (String family : families) {
      if (TelemetryEvaluator.BOUND.equals(family)) {
        continue;
      }
      if (!TelemetryCodecs.FAMILIES.contains(family)) {
        throw new IllegalArgumentException("--codec: unknown telemetry codec '" + family + "'; known: "
            + String.join(", ", TelemetryCodecs.FAMILIES) + ", " + TelemetryEvaluator.BOUND);
      }
      TelemetryCodecs.unavailable(family).ifPresent(reason -> {
        throw new IllegalArgumentException("--codec: " + family + " is unavailable here: " + reason);
      });
    }
    int cells = families.size() * cbrs.size() * channels.size() * snrs.size();
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("eval telemetry").setInitialMax(cells)
        .setStyle(ProgressBarStyle.ASCII).build()) {
      return new TelemetryEvaluator(seed, designSnrDb).evaluate(families, cbrs, channels, snrs, series,
          done -> bar.stepTo(done));
    }
  }

  /** One line per codec (and channel when there are several), one column per SNR: NMSE in dB. */
  static void print(List<TelemetryEvalRow> rows) {
    List<Double> snrs = rows.stream().map(TelemetryEvalRow::snrDb).distinct().sorted().toList();
    boolean manyChannels = rows.stream().map(TelemetryEvalRow::channel).distinct().count() > 1;
    Map<String, Map<Double, TelemetryEvalRow>> lines = new LinkedHashMap<>();
    for (TelemetryEvalRow r : rows) {
      lines.computeIfAbsent(r.codec() + (manyChannels ? " " + r.channel() : ""), k -> new LinkedHashMap<>())
          .put(r.snrDb(), r);
    }
    StringBuilder head = new StringBuilder(String.format("%n%-28s %8s %6s", "NMSE (dB) at SNR (dB)", "CBR", "power"));
    snrs.forEach(s -> head.append(String.format(Locale.ROOT, " %14.1f", s)));
    System.out.println(head);
    for (Map.Entry<String, Map<Double, TelemetryEvalRow>> line : lines.entrySet()) {
      double cbr = line.getValue().values().stream().mapToDouble(TelemetryEvalRow::cbr).average().orElse(Double.NaN);
      double power = line.getValue().values().stream().mapToDouble(TelemetryEvalRow::power).average().orElse(Double.NaN);
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-28s %8.5f %6.3f", line.getKey(), cbr, power));
      for (double s : snrs) {
        TelemetryEvalRow r = line.getValue().get(s);
        String cell = r == null ? "" : r.lost() == 0 ? String.format(Locale.ROOT, "%.2f", r.nmseDb())
            : String.format(Locale.ROOT, "%.2f (%d lost)", r.nmseDb(), r.lost());
        b.append(String.format(" %14s", cell));
      }
      System.out.println(b);
    }
  }

  /** {@code eval --telemetry --fit-curve}: does the meta-learned start pay? */
  static void fitCurve(List<TelemetryEvaluator.Series> series, int maxWindows, Path json, Path csv) throws IOException {
    FitCurve.unavailable().ifPresent(reason -> {
      throw new IllegalArgumentException("--fit-curve needs the implicit codec: " + reason);
    });
    List<Map<String, Object>> rows;
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("fit curve")
        .setInitialMax(FitCurve.count(series, maxWindows)).setStyle(ProgressBarStyle.ASCII).build()) {
      rows = FitCurve.run(series, maxWindows, done -> bar.stepTo(done));
    }
    System.out.printf("%n%-56s %6s %10s%n", "fit of one channel window", "steps", "NMSE (dB)");
    for (Map<String, Object> r : rows) {
      System.out.printf(Locale.ROOT, "%-56s %6d %10.2f%n", r.get("method"), (Integer) r.get("steps"),
          (Double) r.get("nmseDb"));
    }
    RowFiles.write(rows, json, csv);
  }

  static void write(List<TelemetryEvalRow> rows, Path json, Path csv) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TelemetryEvalRow r : rows) {
      Map<String, Object> m = RowFiles.row(r.codec(), r.channel(), r.snrDb(), r.cbrTarget(), r.cbr());
      m.put("nmseDb", r.nmseDb());
      m.put("windows", r.windows());
      m.put("lost", r.lost());
      m.put("power", r.power());
      out.add(m);
    }
    RowFiles.write(out, json, csv);
  }
}
