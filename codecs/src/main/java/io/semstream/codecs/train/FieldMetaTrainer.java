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
 * Meta-learns a base network of the implicit family, first-order (the CPU cannot afford second-order MAML):
 * per step a batch of instances, each latent fitted from zero with the transmitter's {@link LatentFitter} steps
 * and the weights held fixed; the fitted latents then cross an AWGN channel at an SNR drawn per instance
 * (scaled by the latent prior, the receiver's linear estimate), and the weights take an Adam step on the error
 * of the field rendered from what arrived. The gradient through the fitting steps is dropped (first-order), so
 * the weights learn to be a start from which those few steps reach a good fit that survives the channel. The
 * number of active latent entries is drawn per step, so one network serves any CBR. What an instance is (a
 * stretch of a series, a patch of a photograph) is the {@link Instances}' business.
 */
final class FieldMetaTrainer {
  private static final String PRIOR_FILE = "latest-prior.txt";
  /** The prior's moving average: slow enough to smooth batches, fast enough to follow the weights. */
  private static final double PRIOR_MOMENTUM = 0.98;
  private static final int MAX_DROPPED_IN_A_ROW = 20;

  /**
   * One step's instances on the field's normalised scale.
   *
   * @param features [points, F], shared by the batch
   * @param targets [batch, points, outputs]
   * @param scale each instance's error divisor (its variation, or a fixed peak²): the loss and the figures are
   *     mean squared error over it
   * @param active latent entries fitted and sent
   */
  record Batch(float[] features, int points, float[] targets, double[] scale, int active) {}

  /** Where a trainer's instances come from. */
  interface Instances {
    Batch draw(SplittableRandom rng, int batch, FieldConfig config);

    /** For the log: what the instances are and how many there are to draw from. */
    String describe();

    /** The name of the figure, e.g. "NMSE" or "MSE/peak² (−PSNR)". */
    String measure();
  }

  void train(String task, FieldConfig config, Instances instances, SeriesTraining.Options o, PrintStream log)
      throws IOException {
    log.printf("%s: %s; %d instances a step, %d fitting steps each%n", task, instances.describe(), o.batch(),
        ImplicitModel.FIT_STEPS);
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
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train " + task).setInitialMax(last)
          .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build()) {
        bar.stepTo(start);
        for (int step = start; step < last; step++) {
          SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
          float lr = schedule.getNewValue(step);
          Batch batch = instances.draw(rng, o.batch(), config);
          double[] figures = trainStep(model, field, ps, adam, fitter, batch, rng, o, lr, priorVariance);
          if (figures == null) {
            dropped++;
            if (++droppedInARow > MAX_DROPPED_IN_A_ROW) {
              throw new IllegalStateException(task + " meta-training diverged: " + droppedInARow
                  + " batches in a row had a non-finite loss or gradient");
            }
          } else {
            droppedInARow = 0;
            fitted.add(figures[0]);
            received.add(figures[1]);
          }
          bar.step();
          if ((step + 1) % 20 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, " %s fitted %.2f dB, received %.2f dB",
                instances.measure(), fitted.value, received.value));
          }
          if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == last) {
            checkpoint.save(field, adam, step + 1);
            try (OutputStream out = Files.newOutputStream(priorFile)) {
              prior(priorVariance).write(out);
            }
            log.printf("%nstep %d: %s after %d fitting steps %.2f dB, after the channel %.2f dB (training "
                + "instances); lr %.2e; %.2f s a step; %d batches dropped (non-finite)%n", step + 1,
                instances.measure(), ImplicitModel.FIT_STEPS, fitted.value, received.value, lr,
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

  /** One meta-step; returns the batch's mean error (dB) of the fitted and of the received field. */
  private static double[] trainStep(Model model, SirenField field, ParameterStore ps, AdamState adam,
      LatentFitter fitter, Batch batch, SplittableRandom rng, SeriesTraining.Options o, float lr,
      double[] priorVariance) {
    FieldConfig config = field.config();
    int b = batch.scale().length, active = batch.active(), latent = config.latent();
    float[] noise = new float[b * latent];
    float[] shrink = new float[b];
    for (int i = 0; i < b; i++) {
      double snr = o.snrMin() + rng.nextDouble() * (o.snrMax() - o.snrMin());
      double n0 = Math.pow(10, -snr / 10);
      // y = z/(σ√2) + n, n ~ N(0, N0/2) per real; ẑ = σ√2 · y/(1 + N0): the LLSE for unit-power entries.
      shrink[i] = (float) (1 / (1 + n0));
      for (int j = 0; j < active; j++) {
        noise[i * latent + j] = (float) (Math.sqrt(2 * priorVariance[j]) * Math.sqrt(n0 / 2)
            * rng.nextGaussian() / (1 + n0));
      }
    }
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray features = scope.create(batch.features(), new Shape(batch.points(), config.featureCount()));
      NDArray x = scope.create(batch.targets(), new Shape(b, batch.points(), config.outputs()));
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
          m += (double) zv[i * latent + j] * zv[i * latent + j];
        }
        priorVariance[j] = PRIOR_MOMENTUM * priorVariance[j] + (1 - PRIOR_MOMENTUM) * (m / b);
      }
      NDArray zHat = z.mul(scope.create(shrink, new Shape(b, 1))).add(scope.create(noise, new Shape(b, latent)));
      double fittedDb = relativeDb(field.render(ps, features, z, false).sub(x).square().reshape(b, -1)
          .mean(new int[] {1}).toFloatArray(), batch.scale());
      double receivedDb;
      synchronized (NativeEngine.GRADIENTS) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray error = field.render(ps, features, zHat, true).sub(x).square().reshape(b, -1).mean(new int[] {1});
          NDArray loss = error.div(scope.create(toFloat(batch.scale()))).mean();
          gc.backward(loss);
          receivedDb = relativeDb(error.toFloatArray(), batch.scale());
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

  private static double relativeDb(float[] mse, double[] scale) {
    double sum = 0;
    for (int i = 0; i < mse.length; i++) {
      sum += mse[i] / scale[i];
    }
    return 10 * Math.log10(sum / mse.length);
  }
}
