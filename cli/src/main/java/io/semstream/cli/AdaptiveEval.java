package io.semstream.cli;

import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.eval.AdaptationEvaluator;
import io.semstream.codecs.eval.CodecEvaluator;
import io.semstream.codecs.eval.EvalPlot;
import io.semstream.codecs.eval.EvalRow;
import io.semstream.codecs.hybrid.DecoderMirror;
import io.semstream.codecs.hybrid.OnlineAdapter;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** {@code eval --adapt}: a folder of consecutive frames, each explicit codec without and with adaptation. */
final class AdaptiveEval {
  private final CodecRegistry registry;
  private final List<String> ids;
  private final List<String> channels;
  private final List<Double> snrs;
  private final int groupSize;
  private final OnlineAdapter.Options options;
  private final long seed;

  AdaptiveEval(CodecRegistry registry, List<String> ids, List<String> channels, List<Double> snrs, int groupSize,
      Integer steps, double maxDeltaShare, long seed) {
    if (groupSize < 1) {
      throw new IllegalArgumentException("--adapt-every must be a positive number of frames, got " + groupSize);
    }
    if (steps != null && steps < 1) {
      throw new IllegalArgumentException("--adapt-steps must be at least 1 fine-tuning step, got " + steps);
    }
    AdaptationOptions.requireDeltaShare(maxDeltaShare);
    for (String id : ids) {
      CodecInfo info = registry.info(id);
      if (!DecoderMirror.adapts(info)) {
        throw new IllegalArgumentException("--adapt: " + id + " has no decoder to adapt; use an explicit codec ("
            + String.join(", ", registry.list().stream().filter(DecoderMirror::adapts)
                .map(CodecInfo::id).toList()) + ")");
      }
    }
    this.registry = registry;
    this.ids = ids;
    this.channels = channels;
    this.snrs = snrs;
    this.groupSize = groupSize;
    OnlineAdapter.Options defaults = OnlineAdapter.Options.defaults();
    this.options = (steps == null ? defaults : defaults.withSteps(steps)).withMaxDeltaShare(maxDeltaShare);
    this.seed = seed;
  }

  int run(Path folder, Path json, Path csv, Path plot) throws IOException {
    List<RgbImage> clip = clip(folder);
    System.err.printf("adaptive evaluation of %d codec(s) on a clip of %d frames (%dx%d) from %s, groups of %d%n",
        ids.size(), clip.size(), clip.get(0).width(), clip.get(0).height(), folder, groupSize);
    List<AdaptationEvaluator.Row> rows = new ArrayList<>();
    long total = (long) ids.size() * channels.size() * snrs.size() * clip.size();
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("eval --adapt").setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build()) {
      for (String id : ids) {
        AdaptationEvaluator evaluator = new AdaptationEvaluator(() -> registry.create(id), options,
            groupSize, seed);
        for (String channel : channels) {
          for (double snr : snrs) {
            rows.add(evaluator.evaluate(clip, channel, snr, bar));
          }
        }
      }
    }
    printTable(rows);
    List<Map<String, Object>> out = new ArrayList<>();
    for (AdaptationEvaluator.Row r : rows) {
      Map<String, Object> m = RowFiles.row(r.codec(), r.channel(), r.snrDb(), r.cbrTarget(), r.cbr());
      m.put("cbrAdapted", r.cbrAdapted());
      m.put("psnr", r.psnr());
      m.put("psnrAdapted", r.psnrAdapted());
      m.put("deltaShare", r.deltaShare());
      m.put("deltasSent", r.deltasSent());
      m.put("deltasRefused", r.deltasRefused());
      m.put("refusedOverShare", r.refusedOverShare());
      m.put("refusedDiverged", r.refusedDiverged());
      m.put("nonFiniteFrames", r.nonFiniteFrames());
      m.put("frames", r.frames());
      m.put("groupSize", r.groupSize());
      out.add(m);
    }
    RowFiles.write(out, json, csv);
    if (plot != null) {
      // Two lines per codec, without and with adaptation, drawn by the same plot as a plain evaluation.
      List<EvalRow> lines = new ArrayList<>();
      for (AdaptationEvaluator.Row r : rows) {
        lines.add(new EvalRow(r.codec(), r.channel(), r.snrDb(), r.cbrTarget(), r.cbr(), r.psnr(), Double.NaN,
            r.frames(), 0, 0, r.nonFiniteFrames()));
        lines.add(new EvalRow(r.codec() + " adapted", r.channel(), r.snrDb(), r.cbrTarget(), r.cbrAdapted(),
            r.psnrAdapted(), Double.NaN, r.frames(), 0, 0, r.nonFiniteFrames()));
      }
      EvalPlot.write(lines, plot, "PSNR on " + clip.size() + " frames of " + folder.getFileName()
          + ", with and without online adaptation");
      System.err.println("plot written to " + plot);
    }
    return 0;
  }

  private static List<RgbImage> clip(Path folder) throws IOException {
    List<CodecEvaluator.Image> frames = EvalCommand.load(folder);
    RgbImage first = frames.get(0).image();
    for (CodecEvaluator.Image f : frames) {
      if (f.image().width() != first.width() || f.image().height() != first.height()) {
        throw new IllegalArgumentException("--adapt: the frames of a clip must share a size; " + frames.get(0).name()
            + " is " + first.width() + "x" + first.height() + " but " + f.name() + " is " + f.image().width() + "x"
            + f.image().height());
      }
    }
    return frames.stream().map(CodecEvaluator.Image::image).toList();
  }

  private static void printTable(List<AdaptationEvaluator.Row> rows) {
    System.out.printf("%-16s %-12s %7s %8s %8s %9s %8s %9s %7s %8s %5s %7s %6s %8s %9s %6s%n", "codec", "channel",
        "snr_dB", "cbr_tgt", "cbr", "cbr_adapt", "psnr_dB", "psnr_adpt", "gain", "delta%", "sent", "refused",
        "share", "diverged", "nonfinite", "frames");
    for (AdaptationEvaluator.Row r : rows) {
      System.out.printf(Locale.ROOT,
          "%-16s %-12s %7.1f %8s %8.5f %9.5f %8.2f %9.2f %+7.2f %8.2f %5d %7d %6d %8d %9d %6d%n",
          r.codec(), r.channel(), r.snrDb(), Fractions.format(r.cbrTarget()), r.cbr(), r.cbrAdapted(), r.psnr(),
          r.psnrAdapted(), r.gain(), 100 * r.deltaShare(), r.deltasSent(), r.deltasRefused(), r.refusedOverShare(),
          r.refusedDiverged(), r.nonFiniteFrames(), r.frames());
    }
    System.out.println("refused: all groups that sent nothing; share: of those, over the delta's share of the"
        + " channel uses; diverged: fine-tuning stopped being finite (the decoder kept its version)");
  }
}
