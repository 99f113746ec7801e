package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import io.semstream.codecs.deepjscc.DeepJsccModel;
import io.semstream.codecs.deepjscc.DeepJsccNetwork;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.explicit.ExplicitModel;
import io.semstream.codecs.explicit.ExplicitNetwork;
import io.semstream.codecs.weights.WeightsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains the explicit NeurJSCC network end to end with the AWGN channel in the loop. Loss
 * D + λ_y·R_y + λ_z·R_z: D the MSE of the reconstruction, R_y and R_z the bits of ŷ and ẑ under the
 * hyperprior per pixel. The two rates are priced apart because they are different things: R_y only
 * steers the allocation and never travels, while every bit of ẑ is side info sent digitally and paid
 * for in channel uses. λ_z is set near the exchange rate at mid SNR: at 10 dB a bit costs about half a
 * channel use, and removing the channel uses z took from a 1/16 budget (a fifth of it for the
 * untrained bottleneck, about 0.08 bit per pixel) was worth about 0.0015 of MSE, so λ_z ≈ 0.02. Per
 * crop, an SNR uniform in [snrMin, snrMax] and a target CBR (one of the presets' rates, jittered by up
 * to ±25 % so the model also meets the rates in between); the network calibrates the rate scale η to
 * each crop's CBR exactly as the codec does at coding time ({@link ExplicitNetwork#symbolBudget}), so
 * the allocations seen in training are the ones met in service. Resumable like the Deep JSCC trainer.
 */
public final class ExplicitTrainer {
  /** Where the shipped weights live in the source tree (the trainer's default output). */
  public static final String DEFAULT_OUTPUT = "codecs/src/main/resources" + ExplicitModel.WEIGHTS_RESOURCE;

  public record Options(Path photos, Path output, Path checkpointDir, int steps, int batch, int crop,
      float learningRate, long seed, double snrMin, double snrMax, boolean resume, int checkpointEvery,
      double lambda, double lambdaZ, double[] cbrs, ExplicitNetwork.Config config, int stopAt, List<String> frozen,
      boolean fromDeepJscc, double withoutHyperLatent) {
    public Options {
      frozen = List.copyOf(frozen);
      ExplicitNetwork.requireStages(frozen); // before the photos load, not after
      if (stopAt < 1 || stopAt > steps) {
        throw new IllegalArgumentException("the run must stop at a step in 1.." + steps + ", got " + stopAt);
      }
      if (crop % ExplicitNetwork.PAD != 0 || crop < ExplicitNetwork.PAD) {
        throw new IllegalArgumentException("crop must be a multiple of " + ExplicitNetwork.PAD + ", got " + crop);
      }
      if (cbrs.length == 0) {
        throw new IllegalArgumentException("at least one training CBR is needed");
      }
      for (double c : cbrs) {
        if (!(c > 0 && c <= 1)) {
          throw new IllegalArgumentException("training CBRs must be in (0, 1]: " + c);
        }
      }
      if (!(lambda >= 0) || !(lambdaZ >= 0)) {
        throw new IllegalArgumentException("lambda and lambdaZ must be non-negative: " + lambda + ", " + lambdaZ);
      }
      if (!(withoutHyperLatent >= 0 && withoutHyperLatent <= 1)) {
        throw new IllegalArgumentException("the share of samples without ẑ must be in [0, 1]: " + withoutHyperLatent);
      }
      cbrs = cbrs.clone();
    }

    /** The same run, stopped after {@code step} of its schedule (the learning rate still spans every step). */
    public Options stoppingAt(int step) {
      return new Options(photos, output, checkpointDir, steps, batch, crop, learningRate, seed, snrMin, snrMax, resume,
          checkpointEvery, lambda, lambdaZ, cbrs, config, step, frozen, fromDeepJscc, withoutHyperLatent);
    }

    /** The same run with these stages of the network frozen (see {@link ExplicitNetwork#freezeStages}). */
    public Options freezing(List<String> stages) {
      return new Options(photos, output, checkpointDir, steps, batch, crop, learningRate, seed, snrMin, snrMax, resume,
          checkpointEvery, lambda, lambdaZ, cbrs, config, stopAt, stages, fromDeepJscc, withoutHyperLatent);
    }
  }

  private static final int MAX_BAD_STEPS_IN_A_ROW = 10;

  /**
   * Characters of a training progress line. Without a terminal (a run logged to a file) the bar falls
   * back to 80 and cuts off the rate and CBR, which are what tell a healthy run from a collapsing one.
   */
  static final int TRAINING_BAR_WIDTH = 160;

  /** What the last step measured, smoothed: loss, MSE, rate (bits per pixel) and CBR actually used. */
  public record Progress(int step, double loss, double mse, double bitsPerPixel, double cbr) {
    public double psnr() {
      return -10 * Math.log10(mse);
    }
  }

  /**
   * Whether every gradient is finite. Each {@code getGradient()} is a new handle on the parameter's
   * gradient, closed here with the temporaries, so a long run does not pile them up on the model's manager.
   */
  public static boolean finiteGradients(Model model) {
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      if (!p.getValue().requiresGradient()) {
        continue; // frozen: it has no gradient
      }
      try (NDArray gradient = p.getValue().getArray().getGradient();
           NDArray magnitude = gradient.abs(); NDArray sum = magnitude.sum()) {
        if (!Float.isFinite(sum.getFloat())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Zeroes every gradient in place. A skipped step must not leave its gradients behind: backward adds to
   * them, the optimiser's step is what clears them, and a NaN left there would spoil every later step
   * (and the collector's own {@code zeroGradients}, a subtraction, cannot clear a NaN).
   */
  public static void zeroGradients(Model model) {
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      if (!p.getValue().requiresGradient()) {
        continue;
      }
      try (NDArray gradient = p.getValue().getArray().getGradient()) {
        // An indexed fill, in place; copyTo(gradient) crashed the JVM (SIGSEGV) once the optimiser had stepped.
        gradient.set(new NDIndex("..."), 0f);
      }
    }
  }

  public Progress train(Options o, PrintStream log) throws IOException {
    PhotoSet photos = PhotoSet.load(o.photos(), o.crop());
    log.printf("training %s on %d photographs from %s, %d steps of %d crops of %d px, lambda %g (y) %g (z)%n",
        o.config(), photos.size(), o.photos(), o.steps(), o.batch(), o.crop(), o.lambda(), o.lambdaZ());
    Checkpoint checkpoint = new Checkpoint(o.checkpointDir());
    int start = 0;
    try (Model model = ExplicitCodec.newModel(o.config(), o.seed())) {
      if (o.resume() && checkpoint.exists()) {
        start = checkpoint.restore(model.getBlock());
        log.printf("resumed from %s at step %d%n", checkpoint.weights(), start);
      } else if (o.fromDeepJscc()) {
        try (Model deepJscc = DeepJsccModel.load()) {
          ((ExplicitNetwork) model.getBlock()).startFrom((DeepJsccNetwork) deepJscc.getBlock());
        }
        log.printf("g_a and g_s start from the Deep JSCC weights, the JSCC stages as the identity%n");
      }
      ((ExplicitNetwork) model.getBlock()).trainWithoutHyperLatent(o.withoutHyperLatent());
      Engine.getInstance().setRandomSeed((int) (o.seed() + start));
      DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(
          Optimizer.adam().optLearningRateTracker(LearningRate.cosine(o.learningRate(), o.steps(), start))
              .optClipGrad(1f).build());
      SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + start);
      int b = o.batch(), c = o.crop();
      float[] pixels = new float[b * 3 * c * c];
      float[] snrs = new float[b];
      float[] cbrs = new float[b];
      float rateWeightY = (float) (o.lambda() / ((double) c * c));
      float rateWeightZ = (float) (o.lambdaZ() / ((double) c * c));
      int badSteps = 0;
      MovingAverage loss = new MovingAverage(), mse = new MovingAverage(), bpp = new MovingAverage(),
          cbr = new MovingAverage();
      try (Trainer trainer = model.newTrainer(trainingConfig);
           ProgressBar bar = new ProgressBarBuilder().setTaskName("train explicit").setInitialMax(o.steps())
               .setMaxRenderedLength(TRAINING_BAR_WIDTH)
               .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build()) {
        trainer.initialize(new Shape(b, 3, c, c), new Shape(b, 1), new Shape(b, 1));
        if (!o.frozen().isEmpty()) {
          ((ExplicitNetwork) model.getBlock()).freezeStages(o.frozen());
          log.printf("frozen: %s%n", o.frozen());
        }
        bar.stepTo(start);
        for (int step = start; step < o.stopAt(); step++) {
          for (int i = 0; i < b; i++) {
            photos.randomCrop(rng, c, pixels, i * 3 * c * c);
            snrs[i] = (float) (o.snrMin() + rng.nextDouble() * (o.snrMax() - o.snrMin()));
            double target = o.cbrs()[rng.nextInt(o.cbrs().length)];
            cbrs[i] = (float) (target * Math.exp(rng.nextDouble(-0.22, 0.22)));
          }
          try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = scope.create(pixels, new Shape(b, 3, c, c));
            NDArray snr = scope.create(snrs, new Shape(b, 1));
            NDArray rate = scope.create(cbrs, new Shape(b, 1));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              ExplicitNetwork.TrainingOutput out = ExplicitNetwork.outputs(trainer.forward(new NDList(x, snr, rate)));
              NDArray distortion = out.picture().sub(x).square().mean();
              NDArray bitsZ = out.bitsZ().mean();
              NDArray bitsY = out.bitsY().mean();
              NDArray bits = bitsZ.add(bitsY);
              NDArray total = distortion.add(bitsY.mul(rateWeightY)).add(bitsZ.mul(rateWeightZ));
              float value = total.getFloat();
              if (Float.isFinite(value)) {
                gc.backward(total);
              }
              if (Float.isFinite(value) && finiteGradients(model)) {
                loss.add(value);
                mse.add(distortion.getFloat());
                bpp.add(bits.getFloat() / ((double) c * c));
                cbr.add(out.symbols().sum().getFloat() / (3.0 * c * c * b));
                badSteps = 0;
              } else {
                badSteps++;
              }
            }
            // A non-finite batch or gradient is skipped rather than allowed to write NaN into every weight
            // (a NaN gradient can come with a finite loss); the next collector starts from zero.
            if (badSteps == 0) {
              trainer.step();
            } else {
              zeroGradients(model);
            }
            if (badSteps > MAX_BAD_STEPS_IN_A_ROW) {
              throw new IllegalStateException("training diverged at step " + (step + 1) + ": " + badSteps
                  + " non-finite losses or gradients in a row; resume from the last checkpoint with a lower --lr");
            }
          }
          bar.step();
          bar.setExtraMessage(String.format("loss %.5f psnr %.2f dB rate %.3f bpp cbr %.4f",
              loss.value, -10 * Math.log10(mse.value), bpp.value, cbr.value));
          if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == o.stopAt()) {
            checkpoint.save(model.getBlock(), step + 1);
          }
        }
      }
      Path parent = o.output().toAbsolutePath().getParent();
      Files.createDirectories(parent);
      try (OutputStream out = Files.newOutputStream(o.output())) {
        WeightsFile.save(model.getBlock(), out, true);
      }
      Progress p = new Progress(Math.max(start, o.stopAt()), loss.value, mse.value, bpp.value, cbr.value);
      log.printf("wrote %s (%d bytes, float16); final training PSNR (EMA) %.2f dB, rate %.3f bpp, CBR %.4f%n",
          o.output(), Files.size(o.output()), p.psnr(), p.bitsPerPixel(), p.cbr());
      return p;
    }
  }
}
