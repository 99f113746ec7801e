package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.implicit.FieldConfig;
import io.semstream.codecs.implicit.FourierFeatures;
import io.semstream.codecs.implicit.ImplicitModel;
import io.semstream.codecs.implicit.LatentFitter;
import io.semstream.codecs.implicit.LatentPrior;
import io.semstream.codecs.implicit.SirenField;
import io.semstream.codecs.weights.WeightsFile;
import java.io.IOException;
import java.io.InputStream;
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
 * Meta-learns the implicit codec's base network for telemetry, first-order (the CPU cannot afford
 * second-order MAML): per step a batch of instances (stretches of training channels), each latent fitted
 * from zero with the transmitter's {@link LatentFitter} steps and the weights held fixed; the fitted
 * latents then cross an AWGN channel at an SNR drawn per instance (scaled by the latent prior, the receiver's
 * linear estimate), and the weights take an Adam step on the error of the field rendered from what arrived.
 * The gradient through the fitting steps is dropped (first-order), so the weights learn to be a start from
 * which those few steps reach a good fit that survives the channel. The length and the number of active
 * latent entries are drawn per step, so one network serves any window and CBR.
 */
public final class ImplicitTrainer {
  public static final String DEFAULT_OUTPUT = "codecs/src/main/resources" + ImplicitModel.WEIGHTS_RESOURCE;
  static final int[] LENGTHS = {64, 100, 128, 200, 256};
  private static final String PRIOR_FILE = "latest-prior.txt";
  /** The prior's moving average: slow enough to smooth batches, fast enough to follow the weights. */
  private static final double PRIOR_MOMENTUM = 0.98;
  private static final int MAX_DROPPED_IN_A_ROW = 20;

  public void train(SeriesTraining.Options o, PrintStream log) throws IOException {
    TelemetryTrainingSet set = TelemetryTrainingSet.load(o.series());
    log.printf("implicit: %d training channels from %s; %d instances a step, %d fitting steps each%n",
        set.channelCount(), o.series(), o.batch(), ImplicitModel.FIT_STEPS);
    FieldConfig config = FieldConfig.series();
    AdamCheckpoint checkpoint = new AdamCheckpoint(o.checkpointDir());
    Path priorFile = o.checkpointDir().resolve(PRIOR_FILE);
    try (Model model = ImplicitModel.newModel(config, o.seed())) {
      SirenField field = (SirenField) model.getBlock();
      AdamState adam = new AdamState(field);
      double[] priorVariance = new double[config.latent()];
      java.util.Arrays.fill(priorVariance, 1e-4);
      int start = 0;
      if (o.resume() && checkpoint.exists()) {
        start = checkpoint.restore(field, adam);
        try (InputStream in = Files.newInputStream(priorFile)) {
          float[] s = LatentPrior.read(in).std();
          for (int i = 0; i < s.length; i++) {
            priorVariance[i] = (double) s[i] * s[i];
          }
        }
        log.printf("resumed at step %d from %s%n", start, o.checkpointDir());
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(true);
      }
      Tracker schedule = Tracker.cosine().setBaseValue(o.lr()).optFinalValue(o.lr() / 20f)
          .setMaxUpdates(Math.max(1, o.steps())).build();
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      LatentFitter fitter = new LatentFitter(field, ImplicitModel.FIT_LEARNING_RATE);
      MovingAverage fitted = new MovingAverage(), received = new MovingAverage();
      long t0 = System.nanoTime();
      int dropped = 0, droppedInARow = 0;
      int last = Math.min(o.stopAt(), o.steps());
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train implicit").setInitialMax(last)
          .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build()) {
        bar.stepTo(start);
        for (int step = start; step < last; step++) {
          SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
          float lr = schedule.getNewValue(step);
          double[] nmse = trainStep(model, field, ps, adam, fitter, set, rng, o, lr, priorVariance);
          if (nmse == null) {
            dropped++;
            if (++droppedInARow > MAX_DROPPED_IN_A_ROW) {
              throw new IllegalStateException("implicit meta-training diverged: " + droppedInARow
                  + " batches in a row had a non-finite loss or gradient");
            }
          } else {
            droppedInARow = 0;
            fitted.add(nmse[0]);
            received.add(nmse[1]);
          }
          bar.step();
          if ((step + 1) % 20 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, " NMSE fitted %.2f dB, received %.2f dB", fitted.value,
                received.value));
          }
          if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == last) {
            checkpoint.save(field, adam, step + 1);
            try (OutputStream out = Files.newOutputStream(priorFile)) {
              prior(priorVariance).write(out);
            }
            log.printf("%nstep %d: NMSE after %d fitting steps %.2f dB, after the channel %.2f dB (training "
                + "instances); lr %.2e; %.2f s a step; %d batches dropped (non-finite)%n", step + 1,
                ImplicitModel.FIT_STEPS, fitted.value, received.value, lr,
                (System.nanoTime() - t0) / 1e9 / (step + 1 - start), dropped);
          }
        }
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(false);
      }
      Files.createDirectories(o.output().toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(o.output())) {
        WeightsFile.save(field, out, true);
      }
      Path priorOut = o.output().resolveSibling(o.output().getFileName().toString().replaceFirst("\\.ssw$", "")
          + "-prior.txt");
      try (OutputStream out = Files.newOutputStream(priorOut)) {
        prior(priorVariance).write(out);
      }
      log.printf("weights written to %s (float16), latent prior to %s%n", o.output(), priorOut);
    }
  }

  private static LatentPrior prior(double[] variance) {
    float[] s = new float[variance.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.max(LatentPrior.FLOOR, (float) Math.sqrt(variance[i]));
    }
    return new LatentPrior(s);
  }

  /** One meta-step; returns the batch's mean NMSE (dB) of the fitted and of the received field. */
  private static double[] trainStep(Model model, SirenField field, ParameterStore ps, AdamState adam,
      LatentFitter fitter, TelemetryTrainingSet set, SplittableRandom rng, SeriesTraining.Options o, float lr,
      double[] priorVariance) {
    FieldConfig config = field.config();
    int length = LENGTHS[rng.nextInt(LENGTHS.length)];
    int active = 4 + rng.nextInt(config.latent() - 3);
    int b = o.batch();
    float[] targets = new float[b * length];
    double[] variation = new double[b];
    for (int i = 0; i < b; i++) {
      float[] s = set.stretch(length, rng);
      if (s == null) {
        throw new IllegalStateException("no training channel has " + length + " points");
      }
      System.arraycopy(s, 0, targets, i * length, length);
      double mean = 0;
      for (float v : s) {
        mean += v;
      }
      mean /= length;
      for (float v : s) {
        variation[i] += (v - mean) * (v - mean);
      }
      // A floor of 1 % of the series' variance: a nearly flat stretch must not dominate the batch.
      variation[i] = Math.max(variation[i] / length, 1e-2);
    }
    float[] noise = new float[b * config.latent()];
    float[] shrink = new float[b];
    for (int i = 0; i < b; i++) {
      double snr = o.snrMin() + rng.nextDouble() * (o.snrMax() - o.snrMin());
      double n0 = Math.pow(10, -snr / 10);
      // y = z/(σ√2) + n, n ~ N(0, N0/2) per real; ẑ = σ√2 · y/(1 + N0): the LLSE for unit-power entries.
      shrink[i] = (float) (1 / (1 + n0));
      for (int j = 0; j < active; j++) {
        noise[i * config.latent() + j] = (float) (Math.sqrt(2 * priorVariance[j]) * Math.sqrt(n0 / 2)
            * rng.nextGaussian() / (1 + n0));
      }
    }
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray features = FourierFeatures.times(scope, config, length);
      NDArray x = scope.create(targets, new Shape(b, length, 1));
      NDArray z = fitter.fit(scope, ps, features, x, active, ImplicitModel.FIT_STEPS);
      float[] zv = z.toFloatArray();
      for (float v : zv) {
        if (!Float.isFinite(v)) {
          // before the prior sees it: one NaN there would make every later batch's channel noise NaN
          return null;
        }
      }
      for (int j = 0; j < active; j++) {
        double m = 0;
        for (int i = 0; i < b; i++) {
          m += (double) zv[i * config.latent() + j] * zv[i * config.latent() + j];
        }
        priorVariance[j] = PRIOR_MOMENTUM * priorVariance[j] + (1 - PRIOR_MOMENTUM) * (m / b);
      }
      NDArray zHat = z.mul(scope.create(shrink, new Shape(b, 1))).add(scope.create(noise, new Shape(b,
          config.latent())));
      double fittedDb = nmseDb(field.render(ps, features, z, false).sub(x).square().reshape(b, -1).mean(new int[] {1})
          .toFloatArray(), variation);
      double receivedDb;
      synchronized (NativeEngine.GRADIENTS) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray error = field.render(ps, features, zHat, true).sub(x).square().reshape(b, -1).mean(new int[] {1});
          // Each instance's error relative to its own variation: quiet stretches weigh as much as busy ones.
          NDArray loss = error.div(scope.create(toFloat(variation))).mean();
          gc.backward(loss);
          receivedDb = nmseDb(error.toFloatArray(), variation);
        }
      }
      // A batch whose loss or gradient is not finite is dropped rather than stepped on: one instance in a steep
      // part of the sine network's error surface must not poison the weights. Many in a row mean divergence.
      if (!Double.isFinite(receivedDb)) {
        adam.discardGradients();
        return null;
      }
      if (!adam.stepIfFinite(lr)) {
        return null;
      }
      return new double[] {fittedDb, receivedDb};
    }
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  private static double nmseDb(float[] mse, double[] variation) {
    double sum = 0;
    for (int i = 0; i < mse.length; i++) {
      sum += mse[i] / variation[i];
    }
    return 10 * Math.log10(sum / mse.length);
  }
}
