package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.semstream.codecs.deepjscc.DeepJsccModel;
import io.semstream.codecs.deepjscc.DeepJsccNetwork;
import io.semstream.codecs.deepjscc.DeepJsccPreset;
import io.semstream.codecs.weights.WeightsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains the rate-adaptive Deep JSCC network with the AWGN channel in the loop: MSE loss, SNR drawn
 * uniformly from [snrMin, snrMax] per image, and per batch one of the presets' channel counts, so
 * one set of weights serves every preset and SNR. Resumable: a checkpoint (weights + step) is
 * written every {@code checkpointEvery} steps; Adam's moments restart on resume.
 */
public final class DeepJsccTrainer {

  public record Options(Path photos, Path output, Path checkpointDir, int steps, int batch, int crop,
      float learningRate, long seed, double snrMin, double snrMax, boolean resume, int checkpointEvery) {}

  public void train(Options o, PrintStream log) throws IOException {
    PhotoSet photos = PhotoSet.load(o.photos(), o.crop());
    log.printf("training on %d photographs from %s, %d steps of %d crops of %d px%n",
        photos.size(), o.photos(), o.steps(), o.batch(), o.crop());
    Engine.getInstance().setRandomSeed((int) o.seed());
    Checkpoint checkpoint = new Checkpoint(o.checkpointDir());

    int start = 0;
    try (Model model = DeepJsccModel.newModel()) {
      if (o.resume() && checkpoint.exists()) {
        start = checkpoint.restore(model.getBlock());
        log.printf("resumed from %s at step %d%n", checkpoint.weights(), start);
      }
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(LearningRate.cosine(o.learningRate(), o.steps(), start)).build());
      SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + start);
      DeepJsccPreset[] presets = DeepJsccPreset.values();
      int b = o.batch(), c = o.crop();
      float[] pixels = new float[b * 3 * c * c];
      float[] snrs = new float[b];
      float[] mask = new float[b * DeepJsccNetwork.LATENT_CHANNELS];
      MovingAverage mse = new MovingAverage();
      try (Trainer trainer = model.newTrainer(config);
           ProgressBar bar = new ProgressBarBuilder().setTaskName("train deepjscc").setInitialMax(o.steps())
               .setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH)
               .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build()) {
        trainer.initialize(new Shape(b, 3, c, c), new Shape(b, 1),
            new Shape(b, DeepJsccNetwork.LATENT_CHANNELS, 1, 1));
        bar.stepTo(start);
        for (int step = start; step < o.steps(); step++) {
          for (int i = 0; i < b; i++) {
            photos.randomCrop(rng, c, pixels, i * 3 * c * c);
            snrs[i] = (float) (o.snrMin() + rng.nextDouble() * (o.snrMax() - o.snrMin()));
          }
          int k = presets[rng.nextInt(presets.length)].channels();
          for (int i = 0; i < b; i++) {
            for (int ch = 0; ch < DeepJsccNetwork.LATENT_CHANNELS; ch++) {
              mask[i * DeepJsccNetwork.LATENT_CHANNELS + ch] = ch < k ? 1f : 0f;
            }
          }
          double stepMse;
          try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = scope.create(pixels, new Shape(b, 3, c, c));
            NDArray snr = scope.create(snrs, new Shape(b, 1));
            NDArray m = scope.create(mask, new Shape(b, DeepJsccNetwork.LATENT_CHANNELS, 1, 1));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray y = trainer.forward(new NDList(x, snr, m)).singletonOrThrow();
              NDArray loss = y.sub(x).square().mean();
              gc.backward(loss);
              stepMse = loss.getFloat();
            }
            trainer.step();
          }
          mse.add(stepMse);
          bar.step();
          bar.setExtraMessage(String.format("loss %.5f psnr %.2f dB", mse.value, -10 * Math.log10(mse.value)));
          if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == o.steps()) {
            checkpoint.save(model.getBlock(), step + 1);
          }
        }
      }
      Files.createDirectories(o.output().toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(o.output())) {
        WeightsFile.save(model.getBlock(), out, true);
      }
      log.printf("wrote %s (%d bytes, float16); final training PSNR (EMA) %.2f dB%n",
          o.output(), Files.size(o.output()), -10 * Math.log10(mse.value));
    }
  }
}
