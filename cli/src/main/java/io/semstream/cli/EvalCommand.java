package io.semstream.cli;

import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.eval.CodecEvaluator;
import io.semstream.codecs.eval.EvalPlot;
import io.semstream.codecs.eval.EvalRow;
import io.semstream.codecs.eval.TelemetryEvalRow;
import io.semstream.codecs.eval.TelemetryEvaluator;
import io.semstream.codecs.hybrid.OnlineAdapter;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecFamily;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.codecs.task.FashionClassifier;
import io.semstream.codecs.task.FashionMnist;
import io.semstream.codecs.task.FashionMnistTask;
import io.semstream.ingest.FrameSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", description = {
    "Measure codecs on a folder of images across channels, SNRs and CBRs.",
    "Runs the images through the channel simulator at full resolution and",
    "report mean PSNR, MS-SSIM and the measured CBR for every codec x channel x SNR."})
final class EvalCommand implements Callable<Integer> {

  @Option(names = "--codec", required = true, split = ",",
      description = "Codec ids, or families combined with --cbr (e.g. deepjscc with --cbr 1/16,1/48).")
  List<String> codecs;

  @Option(names = "--images", description = "Folder of PNG/JPEG images (stills: each one alone).")
  Path images;

  @Option(names = "--task", paramLabel = "fashion-mnist", description = {
      "Instead of --images: the first --items frames of Fashion-MNIST's test split (Debian package",
      "dataset-fashion-mnist), each scored also by the shipped classifier's accuracy on its reconstruction."})
  String task;

  @Option(names = "--items", defaultValue = "500", description = "With --task: test items to take (default 500).")
  int items;

  @Option(names = "--video", paramLabel = "PATH|-|synthetic", description = {
      "Instead of --images: the frames of one video as one stream, as demo --input reads them (a .y4m file,",
      "a folder of frames, - for Y4M on stdin) or 'synthetic' for the demo's sample video. Frame i is seq i of",
      "--stream and meets the channel the pipeline's channel role would give it, so the figures equal a demo's."})
  String video;

  @Option(names = "--frames", description = "With --video: frames to take (default: 48 of the synthetic video, all of an input).")
  Integer frames;

  @Option(names = "--size", converter = SizeConverter.class, description = "With --video: frame size WxH "
      + "(synthetic default 256x256; an input is scaled).")
  FrameSize size;

  @Option(names = "--stream", defaultValue = "demo", description = "With --video: the stream id (default demo, as the demo's).")
  String stream;

  @Option(names = "--telemetry", paramLabel = "FILE.csv|DIR", description = {
      "Instead of images: telemetry series (a CSV file, or a folder of them; each one stream), coded by the",
      "telemetry families (" + TELEMETRY_FAMILIES + ") in windows of --window points."})
  Path telemetry;

  @Option(names = "--window", defaultValue = "128", description = "With --telemetry: time points per window (default 128).")
  int window;

  @Option(names = "--rate", paramLabel = "HZ", description = "With --telemetry: the sample rate of files without a time column.")
  Double rate;

  static final String TELEMETRY_FAMILIES = "linear, gorilla-ldpc, implicit, bound";

  @Option(names = "--fit-curve", description = "With --telemetry: instead of the codec table, the implicit codec's "
      + "NMSE after k fitting steps from its meta-learned start beside a SIREN fitted from its initialisation "
      + "(--items windows at most; --codec is ignored).")
  boolean fitCurve;

  @Option(names = "--snr", defaultValue = "1,4,7,10,13", description = "SNRs in dB, comma-separated.")
  String snr;

  @Option(names = "--cbr", description = "Target CBRs (1/16, 0.0625, ...) to pick presets of a family.")
  String cbr;

  @Option(names = "--channel", defaultValue = "awgn",
      description = "Channels: awgn, rayleigh-block, rayleigh-block-nocsi, rayleigh-fast, rayleigh-fast-nocsi.")
  String channel;

  @Option(names = "--seed", defaultValue = "1", description = "Channel seed (default 1, the pipeline's run seed).")
  long seed;

  @Option(names = "--design-snr", paramLabel = "DB",
      description = "Fix the classical codecs' MCS for this SNR (default: each row's channel SNR).")
  Double designSnr;
  @Option(names = "--json", description = "Write the rows as a JSON list.") Path json;
  @Option(names = "--csv", description = "Write the rows as CSV.") Path csv;
  @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw PSNR against SNR, one line per codec and CBR.") Path plot;
  @Option(names = "--x", defaultValue = "snr", paramLabel = "snr|cbr", description = "With --plot: the x axis; cbr "
      + "draws PSNR against the measured CBR at --plot-snr, one line per codec family.") String xAxis;
  @Option(names = "--plot-snr", paramLabel = "DB", description = "With --x cbr: the SNR to plot (default: the "
      + "highest of --snr).") Double plotSnr;

  @Option(names = "--adapt", description = {
      "Treat --images as consecutive frames of one clip (sorted by file name, one size) and compare the",
      "explicit codec without and with online adaptation of its decoder, at equal total CBR."})
  boolean adapt;

  @Option(names = "--adapt-every", paramLabel = "N", defaultValue = "4",
      description = "With --adapt: frames per adaptation group (default 4).")
  int adaptEvery;

  @Option(names = "--adapt-steps", paramLabel = "K",
      description = "With --adapt: fine-tuning steps per group (default: the online adapter's, 60).")
  Integer adaptSteps;

  @Option(names = "--max-delta-share", paramLabel = "SHARE", description = "With --adapt: the most a delta may "
      + "take of its group's channel uses plus its own, a fraction (default: the online adapter's, 0.05).")
  Double maxDeltaShare;

  @Override
  public Integer call() throws Exception {
    List<Double> snrs = Fractions.parseNumbers(snr, "SNRs in dB");
    List<Double> cbrs = cbr == null ? List.of() : Fractions.parseList(cbr);
    if (telemetry != null) {
      return evaluateTelemetry(snrs, cbrs);
    }
    CodecRegistry registry = CodecRegistry.standard(designSnr == null ? Double.NaN : designSnr);
    List<String> ids = resolve(registry, codecs, cbrs);
    for (String id : ids) {
      registry.unavailable(id).ifPresent(reason -> {
        throw new IllegalArgumentException("--codec: " + id + " is unavailable here: " + reason);
      });
    }
    List<String> channels = List.of(channel.split(","));
    for (String c : channels) {
      io.semstream.codecs.channel.ChannelConfig.parse(c.trim(), 10); // fail early with the accepted names
    }
    if ((images != null ? 1 : 0) + (video != null ? 1 : 0) + (task != null ? 1 : 0) != 1) {
      throw new IllegalArgumentException("give one of --images DIR (stills), --video PATH|-|synthetic (one stream)"
          + " or --task fashion-mnist");
    }
    if (task != null) {
      return evaluateTask(registry, ids, snrs, channels);
    }
    if (video != null && adapt) {
      throw new IllegalArgumentException("--adapt takes its clip from --images (a folder of consecutive frames)");
    }
    if (video != null) {
      List<RgbImage> clip = StreamFrames.read(video, frames, size, System.err);
      System.err.printf("evaluating %d codec(s) on %d frames of %s as stream %s%n", ids.size(), clip.size(), video,
          stream);
      List<EvalRow> rows = new CodecEvaluator(registry, seed).evaluateStream(ids, clip, stream, snrs,
          channels.stream().map(String::trim).toList(), true);
      printTable(rows);
      printSummary(rows);
      writeRows(rows, json, csv);
      plot(rows, snrs, "PSNR on " + clip.size() + " frames of " + video);
      return 0;
    }
    if (adapt) {
      return new AdaptiveEval(registry, ids, channels.stream().map(String::trim).toList(), snrs, adaptEvery,
          adaptSteps, maxDeltaShare == null ? OnlineAdapter.DEFAULT_MAX_DELTA_SHARE : maxDeltaShare, seed)
          .run(images, json, csv, plot);
    }
    List<CodecEvaluator.Image> set = load(images);
    System.err.printf("evaluating %d codec(s) on %d image(s) from %s%n", ids.size(), set.size(), images);
    List<EvalRow> rows = new CodecEvaluator(registry, seed).evaluate(ids, set, snrs,
        channels.stream().map(String::trim).toList(), true);
    printTable(rows);
    printSummary(rows);
    writeRows(rows, json, csv);
    plot(rows, snrs, "PSNR on " + set.size() + " image(s) of " + images.getFileName());
    return 0;
  }

  private int evaluateTelemetry(List<Double> snrs, List<Double> cbrs) throws IOException {
    if (images != null || video != null || task != null || adapt) {
      throw new IllegalArgumentException("--telemetry stands alone: not with --images, --video, --task or --adapt");
    }
    if (window < 2) {
      throw new IllegalArgumentException("--window must be at least 2 time points, got " + window);
    }
    if (rate != null && !(rate > 0)) {
      throw new IllegalArgumentException("--rate must be a positive number of Hz, got " + rate);
    }
    List<String> channels = List.of(channel.split(",")).stream().map(String::trim).toList();
    for (String c : channels) {
      io.semstream.codecs.channel.ChannelConfig.parse(c, 10);
    }
    List<TelemetryEvaluator.Series> series = TelemetryEval.load(telemetry, window, rate == null ? Double.NaN : rate);
    if (fitCurve) {
      TelemetryEval.fitCurve(series, items, json, csv);
      return 0;
    }
    List<TelemetryEvalRow> rows = TelemetryEval.run(codecs, cbrs.isEmpty() ? List.of(0.25, 0.0625) : cbrs,
        channels, snrs, series, seed, designSnr == null ? Double.NaN : designSnr);
    TelemetryEval.print(rows);
    TelemetryEval.write(rows, json, csv);
    return 0;
  }

  private int evaluateTask(CodecRegistry registry, List<String> ids, List<Double> snrs, List<String> channels)
      throws IOException {
    if (!"fashion-mnist".equals(task)) {
      throw new IllegalArgumentException("--task: the one machine task is fashion-mnist, not '" + task + "'");
    }
    if (adapt) {
      throw new IllegalArgumentException("--adapt takes its clip from --images, not from --task");
    }
    if (items < 1 || items > 10000) {
      throw new IllegalArgumentException("--items must be 1 to 10000 (the test split), got " + items);
    }
    FashionMnist.unavailable().ifPresent(reason -> {
      throw new IllegalArgumentException("--task fashion-mnist: " + reason);
    });
    FashionClassifier.unavailable().ifPresent(reason -> {
      throw new IllegalArgumentException("--task fashion-mnist: " + reason
          + "; train it with semstream train --codec fashion-classifier");
    });
    try (FashionMnistTask t = new FashionMnistTask(items)) {
      System.err.printf("evaluating %d codec(s) on %d Fashion-MNIST test frames%n", ids.size(), t.images().size());
      List<EvalRow> rows = new CodecEvaluator(registry, seed, t).evaluate(ids, t.images(), snrs,
          channels.stream().map(String::trim).toList(), true);
      printTable(rows);
      printSummary(rows);
      printAccuracy(rows);
      writeRows(rows, json, csv);
      plot(rows, snrs, "PSNR on " + t.images().size() + " Fashion-MNIST test frames");
      return 0;
    }
  }

  private void plot(List<EvalRow> rows, List<Double> snrs, String title) throws IOException {
    if (plot == null) {
      return;
    }
    switch (xAxis) {
      case "snr" -> EvalPlot.write(rows, plot, title);
      case "cbr" -> {
        double at = plotSnr != null ? plotSnr : snrs.stream().mapToDouble(Double::doubleValue).max().orElse(10);
        EvalPlot.writeAgainstCbr(rows, at, plot, title + String.format(Locale.ROOT, ", at %.1f dB", at));
      }
      default -> throw new IllegalArgumentException("--x must be snr or cbr, got '" + xAxis + "'");
    }
    System.err.println("plot written to " + plot);
  }

  /**
   * One line per codec (and channel), one column per SNR: the mean PSNR, with the frames lost beside it
   * where a codec lost any, and the CBR it measured.
   */
  static void printSummary(List<EvalRow> rows) {
    printGrid(rows, "PSNR (dB) at SNR (dB)", 13, r -> r.lost() == 0 ? String.format(Locale.ROOT, "%.2f", r.psnr())
        : String.format(Locale.ROOT, "%.2f (%d lost)", r.psnr(), r.lost()));
  }

  /** Like {@link #printSummary}, the task's accuracy on the reconstructions. */
  static void printAccuracy(List<EvalRow> rows) {
    printGrid(rows, "task accuracy at SNR (dB)", 8, r -> String.format(Locale.ROOT, "%.3f", r.taskAccuracy()));
  }

  /** One line per codec (and channel, when there are several), one column per SNR, the mean measured CBR. */
  private static void printGrid(List<EvalRow> rows, String title, int width, Function<EvalRow, String> cell) {
    List<Double> snrs = rows.stream().map(EvalRow::snrDb).distinct().sorted().toList();
    Map<String, Map<Double, EvalRow>> lines = new LinkedHashMap<>();
    boolean manyChannels = rows.stream().map(EvalRow::channel).distinct().count() > 1;
    for (EvalRow r : rows) {
      String name = r.codec() + (manyChannels ? " " + r.channel() : "");
      lines.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(r.snrDb(), r);
    }
    System.out.println();
    StringBuilder head = new StringBuilder(String.format("%-34s %8s", title, "CBR"));
    snrs.forEach(s -> head.append(String.format(Locale.ROOT, " %" + width + ".1f", s)));
    System.out.println(head);
    for (Map.Entry<String, Map<Double, EvalRow>> line : lines.entrySet()) {
      double cbr = line.getValue().values().stream().mapToDouble(EvalRow::cbr).average().orElse(Double.NaN);
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-34s %8.5f", line.getKey(), cbr));
      for (double s : snrs) {
        EvalRow r = line.getValue().get(s);
        b.append(String.format(" %" + width + "s", r == null ? "" : cell.apply(r)));
      }
      System.out.println(b);
    }
  }

  private static void writeRows(List<EvalRow> rows, Path json, Path csv) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EvalRow r : rows) {
      Map<String, Object> m = RowFiles.row(r.codec(), r.channel(), r.snrDb(), r.cbrTarget(), r.cbr());
      m.put("psnr", r.psnr());
      m.put("msssim", r.msssim());
      m.put("images", r.images());
      m.put("sideInfoBits", r.sideInfoBits());
      m.put("lostFrames", r.lost());
      m.put("nonFiniteFrames", r.nonFinite());
      if (!Double.isNaN(r.taskAccuracy())) {
        m.put("taskAccuracy", r.taskAccuracy());
      }
      out.add(m);
    }
    RowFiles.write(out, json, csv);
  }

  /**
   * Codec ids for the {@code --codec} names and {@code --cbr} list. A name is an id (a preset, or a
   * family id such as {@code softcast-c24}), or a family: its prefix ({@code softcast},
   * {@code classical-j2k-ldpc}) or its family name ({@code classical}, {@code deep-jscc}). A family with
   * {@code --cbr} gives one id per CBR it can fill, without {@code --cbr} its presets.
   */
  static List<String> resolve(CodecRegistry registry, List<String> requested, List<Double> cbrs) {
    Set<String> ids = new LinkedHashSet<>();
    for (String r : requested) {
      String name = r.trim();
      List<CodecFamily> families = registry.families().stream()
          .filter(f -> f.prefix().equals(name) || f.family().equals(name)).toList();
      if (!families.isEmpty()) {
        for (CodecFamily f : families) {
          if (cbrs.isEmpty()) {
            registry.list().stream().filter(i -> i.id().equals(f.prefix()) || i.id().startsWith(f.prefix() + "-c"))
                .forEach(i -> ids.add(i.id()));
          } else {
            for (double cbr : cbrs) {
              if (cbr <= f.maxCbr() + 1e-12) {
                ids.add(registry.idFor(f.prefix(), cbr));
              }
            }
          }
        }
        continue;
      }
      if (registry.contains(name)) {
        if (cbrs.isEmpty() || cbrs.stream().anyMatch(c -> near(registry.info(name).cbrTarget(), c))) {
          ids.add(name);
        }
        continue;
      }
      List<CodecInfo> presets = registry.list().stream().filter(i -> i.id().startsWith(name + "-")).toList();
      if (presets.isEmpty()) {
        throw new IllegalArgumentException("--codec: unknown codec or family '" + name + "'; registered: "
            + String.join(", ", registry.list().stream().map(CodecInfo::id).toList()) + "; families (any CBR 1/N): "
            + String.join(", ", registry.families().stream().map(CodecFamily::prefix).toList()));
      }
      for (CodecInfo i : presets) {
        if (cbrs.isEmpty() || cbrs.stream().anyMatch(c -> near(i.cbrTarget(), c))) {
          ids.add(i.id());
        }
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("no codec of " + requested + " has a preset at CBR " + cbrs);
    }
    return new ArrayList<>(ids);
  }

  private static boolean near(double a, double b) {
    return Math.abs(a - b) <= 0.02 * b;
  }

  static List<CodecEvaluator.Image> load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--images: " + dir + " is not a folder");
    }
    List<CodecEvaluator.Image> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")) {
          RgbImage img = ImageFiles.read(p);
          out.add(new CodecEvaluator.Image(p.getFileName().toString(), img));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--images: no PNG or JPEG files in " + dir);
    }
    return out;
  }

  static void printTable(List<EvalRow> rows) {
    System.out.printf("%-20s %-20s %7s %8s %8s %8s %8s %6s %5s %9s%n", "codec", "channel", "snr_dB", "cbr_tgt",
        "cbr", "psnr_dB", "msssim", "images", "lost", "nonfinite");
    for (EvalRow r : rows) {
      System.out.printf(Locale.ROOT, "%-20s %-20s %7.1f %8s %8.5f %8.2f %8.4f %6d %5d %9d%n", r.codec(), r.channel(),
          r.snrDb(), Fractions.format(r.cbrTarget()), r.cbr(), r.psnr(), r.msssim(), r.images(), r.lost(),
          r.nonFinite());
    }
  }
}
