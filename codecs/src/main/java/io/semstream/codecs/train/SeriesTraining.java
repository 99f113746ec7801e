package io.semstream.codecs.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import io.semstream.codecs.weights.WeightsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The run the telemetry trainers share: resume from the checkpoint, a cosine schedule from the base rate to a
 * twentieth of it over {@code steps}, a progress bar, a checkpoint (weights, Adam's moments, the step) every
 * {@code checkpointEvery} steps and at the end of a leg, and the weights in float16 when the leg ends. A step is
 * seeded by the run's seed and its number, so a resumed run draws what an unbroken one would.
 */
public final class SeriesTraining {
  /**
   * What a telemetry trainer (or the implicit frame trainer) is told: {@code data} is the folder of series (or
   * of photographs); {@code stopAt} ends a leg early (the schedule still spans {@code steps}).
   */
  public record Options(Path data, Path output, Path checkpointDir, int steps, int batch, float lr, long seed,
      double snrMin, double snrMax, boolean resume, int checkpointEvery, int stopAt) {}

  /** One optimisation step: the step's figures (averaged over the run for the log), or null when it was dropped. */
  interface Step {
    double[] run(int step, SplittableRandom rng, float lr);
  }

  private SeriesTraining() {}

  /**
   * @param figures how many figures a step returns
   * @param shortText the progress bar's note from the moving averages
   * @param longText a checkpoint's log line from the moving averages (the step, rate and pace are added)
   */
  static void run(String task, Options o, Block block, AdamState adam, int figures, Step step,
      Function<double[], String> shortText, Function<double[], String> longText, PrintStream log) throws IOException {
    AdamCheckpoint checkpoint = new AdamCheckpoint(o.checkpointDir());
    int start = 0;
    if (o.resume() && checkpoint.exists()) {
      start = checkpoint.restore(block, adam);
      log.printf("resumed at step %d from %s%n", start, o.checkpointDir());
    }
    for (Parameter p : adam.parameters()) {
      p.getArray().setRequiresGradient(true);
    }
    Tracker schedule = Tracker.cosine().setBaseValue(o.lr()).optFinalValue(o.lr() / 20f)
        .setMaxUpdates(Math.max(1, o.steps())).build();
    MovingAverage[] averages = new MovingAverage[figures];
    for (int i = 0; i < figures; i++) {
      averages[i] = new MovingAverage();
    }
    long t0 = System.nanoTime();
    int last = Math.min(o.stopAt(), o.steps());
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train " + task).setInitialMax(last)
        .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build()) {
      bar.stepTo(start);
      for (int s = start; s < last; s++) {
        float lr = schedule.getNewValue(s);
        double[] f = step.run(s, new SplittableRandom(o.seed() * 1_000_003L + s), lr);
        if (f != null) {
          for (int i = 0; i < figures; i++) {
            averages[i].add(f[i]);
          }
        }
        bar.step();
        if ((s + 1) % 20 == 0) {
          bar.setExtraMessage(" " + shortText.apply(values(averages)));
        }
        if ((s + 1) % o.checkpointEvery() == 0 || s + 1 == last) {
          checkpoint.save(block, adam, s + 1);
          log.printf("%nstep %d: %s; lr %.2e; %.2f s a step%n", s + 1, longText.apply(values(averages)), lr,
              (System.nanoTime() - t0) / 1e9 / (s + 1 - start));
        }
      }
    }
    for (Parameter p : adam.parameters()) {
      p.getArray().setRequiresGradient(false);
    }
    Files.createDirectories(o.output().toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(o.output())) {
      WeightsFile.save(block, out, true);
    }
    log.printf("weights written to %s (float16)%n", o.output());
  }

  private static double[] values(MovingAverage[] averages) {
    double[] v = new double[averages.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = averages[i].value;
    }
    return v;
  }
}
