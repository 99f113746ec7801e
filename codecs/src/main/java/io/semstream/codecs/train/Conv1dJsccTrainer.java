package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import io.semstream.codecs.conv1d.Conv1dJsccModel;
import io.semstream.codecs.conv1d.Conv1dJsccNetwork;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.WeightsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains the 1-D Deep JSCC baseline end to end with AWGN in the loop: per step a batch of stretches of training
 * channels (one length per step, a multiple of 16), an SNR per instance drawn uniformly in [snrMin, snrMax] and a
 * number of latent channels sent per step (the mask), so one set of weights serves every SNR, length and CBR.
 * The loss is the batch's error energy over its variation energy (each stretch's squared deviation from its own
 * mean), the NMSE the evaluation reports.
 */
public final class Conv1dJsccTrainer {
  public static final String DEFAULT_OUTPUT = "codecs/src/main/resources" + Conv1dJsccModel.WEIGHTS_RESOURCE;
  static final int[] LENGTHS = {64, 80, 96, 128, 160, 256};

  /** @param stopAt stop after this step (the schedule still spans {@code steps}) */
  public record Options(Path series, Path output, Path checkpointDir, int steps, int batch, float lr, long seed,
      double snrMin, double snrMax, boolean resume, int checkpointEvery, int stopAt) {}

  public void train(Options o, PrintStream log) throws IOException {
    TelemetryTrainingSet set = TelemetryTrainingSet.load(o.series());
    log.printf("conv1d-jscc: %d training channels from %s; %d stretches a step%n", set.channelCount(), o.series(),
        o.batch());
    AdamCheckpoint checkpoint = new AdamCheckpoint(o.checkpointDir());
    try (Model model = Conv1dJsccModel.newModel(o.seed())) {
      Conv1dJsccNetwork network = (Conv1dJsccNetwork) model.getBlock();
      AdamState adam = new AdamState(network);
      int start = 0;
      if (o.resume() && checkpoint.exists()) {
        start = checkpoint.restore(network, adam);
        log.printf("resumed at step %d from %s%n", start, o.checkpointDir());
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(true);
      }
      Tracker schedule = Tracker.cosine().setBaseValue(o.lr()).optFinalValue(o.lr() / 20f)
          .setMaxUpdates(Math.max(1, o.steps())).build();
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      MovingAverage nmse = new MovingAverage();
      long t0 = System.nanoTime();
      int last = Math.min(o.stopAt(), o.steps());
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train conv1d-jscc").setInitialMax(last)
          .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build()) {
        bar.stepTo(start);
        for (int step = start; step < last; step++) {
          SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
          double db = trainStep(model, network, ps, adam, set, rng, o, schedule.getNewValue(step));
          if (Double.isFinite(db)) {
            nmse.add(db);
          }
          bar.step();
          if ((step + 1) % 20 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, " NMSE %.2f dB", nmse.value));
          }
          if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == last) {
            checkpoint.save(network, adam, step + 1);
            log.printf("%nstep %d: NMSE after the channel %.2f dB (training stretches, all SNRs and rates); lr %.2e;"
                + " %.2f s a step%n", step + 1, nmse.value, schedule.getNewValue(step),
                (System.nanoTime() - t0) / 1e9 / (step + 1 - start));
          }
        }
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(false);
      }
      Files.createDirectories(o.output().toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(o.output())) {
        WeightsFile.save(network, out, true);
      }
      log.printf("weights written to %s (float16)%n", o.output());
    }
  }

  private static float mean(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f;
    }
    return (float) Math.max(s / v.length, 1e-6);
  }

  /** One step; returns the batch's NMSE in dB, or NaN when the step was dropped (non-finite). */
  private static double trainStep(Model model, Conv1dJsccNetwork network, ParameterStore ps, AdamState adam,
      TelemetryTrainingSet set, SplittableRandom rng, Options o, float lr) {
    int length = LENGTHS[rng.nextInt(LENGTHS.length)];
    int b = o.batch();
    int k = 1 + rng.nextInt(Conv1dJsccNetwork.LATENT_CHANNELS);
    float[] x = new float[b * length];
    float[] variation = new float[b];
    float[] snr = new float[b];
    for (int i = 0; i < b; i++) {
      float[] s = set.stretch(length, rng);
      if (s == null) {
        throw new IllegalStateException("no training channel has " + length + " points");
      }
      System.arraycopy(s, 0, x, i * length, length);
      double mean = 0, v = 0;
      for (float f : s) {
        mean += f;
      }
      mean /= length;
      for (float f : s) {
        v += (f - mean) * (f - mean);
      }
      variation[i] = (float) (v / length);
      snr[i] = (float) (o.snrMin() + rng.nextDouble() * (o.snrMax() - o.snrMin()));
    }
    float[] mask = new float[b * Conv1dJsccNetwork.LATENT_CHANNELS];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < k; j++) {
        mask[i * Conv1dJsccNetwork.LATENT_CHANNELS + j] = 1;
      }
    }
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray signal = scope.create(x, new Shape(b, 1, length));
      double db;
      synchronized (NativeEngine.GRADIENTS) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray out = network.forward(ps, new NDList(signal, scope.create(snr, new Shape(b, 1)),
              scope.create(mask, new Shape(b, Conv1dJsccNetwork.LATENT_CHANNELS, 1))), true).singletonOrThrow();
          // Error energy over variation energy, both summed over the batch: the NMSE the evaluation reports
          // over many windows, where a busy window weighs more than a flat one.
          NDArray loss = out.sub(signal).square().mean().div(mean(variation));
          gc.backward(loss);
          db = 10 * Math.log10(loss.getFloat());
        }
      }
      if (!Double.isFinite(db)) {
        adam.discardGradients();
        return Double.NaN;
      }
      return adam.stepIfFinite(lr) ? db : Double.NaN;
    }
  }
}
