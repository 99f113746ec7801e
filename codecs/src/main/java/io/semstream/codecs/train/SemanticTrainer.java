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
import io.semstream.codecs.semantic.SemanticModel;
import io.semstream.codecs.semantic.SemanticNetwork;
import io.semstream.codecs.semantic.Tokenizer;
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
 * Trains the semantic-token network end to end with the AWGN channel in the loop: per tile an SNR
 * uniform in [snrMin, snrMax] dB, a token count K uniform in 10..30 and a symbol count per token
 * log-uniform in [{@link #MIN_SYMBOLS}, {@link SemanticNetwork#MAX_SYMBOLS}], so one set of weights serves
 * every SNR, K and CBR the codec uses. MSE on RGB in [0, 1]; Adam in Java with a cosine schedule; the
 * checkpoint (weights, Adam's moments, step; in {@link FileParts} where a file is over 4 MB) lets
 * {@code --resume} continue the same run.
 */
public final class SemanticTrainer {
  static final int MIN_SYMBOLS = 8;

  /** {@code init}: weights to start from instead of at random (null: random; ignored when resuming). */
  public record Options(TrainingImages images, Path init, Path output, Path checkpointDir, int steps, int batch, float lr, long seed,
      double snrMin, double snrMax, boolean resume, int checkpointEvery, int stopAt) {
    public Options {
      if (batch < 1 || steps < 1 || checkpointEvery < 1) {
        throw new IllegalArgumentException("need a batch, steps and a checkpoint interval of at least 1");
      }
    }
  }

  public void train(Options o, PrintStream log) throws IOException {
    log.printf("semantic: %s, tiles of %d px, %d a step%n", o.images().describe(), SemanticNetwork.TILE, o.batch());
    AdamCheckpoint checkpoint = new AdamCheckpoint(o.checkpointDir());
    try (Model model = SemanticModel.newModel(o.seed())) {
      SemanticNetwork net = (SemanticNetwork) model.getBlock();
      AdamState adam = new AdamState(net);
      int start = 0;
      if (o.resume() && checkpoint.exists()) {
        start = checkpoint.restore(net, adam);
        log.printf("resumed at step %d from %s%n", start, o.checkpointDir());
      } else if (o.init() != null) {
        try (InputStream in = Files.newInputStream(o.init())) {
          WeightsFile.load(net, in);
        }
        log.printf("starting from the weights in %s%n", o.init());
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(true);
      }
      Tracker schedule = Tracker.cosine().setBaseValue(o.lr()).optFinalValue(o.lr() / 20f)
          .setMaxUpdates(Math.max(1, o.steps())).build();
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      MovingAverage psnr = new MovingAverage();
      long t0 = System.nanoTime();
      int last = Math.min(o.stopAt(), o.steps());
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train semantic").setInitialMax(last)
          .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build()) {
        bar.stepTo(start);
        for (int step = start; step < last; step++) {
          SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
          Engine.getInstance().setRandomSeed((int) (o.seed() * 7919 + step));
          float lr = schedule.getNewValue(step);
          double stepPsnr = trainStep(model, net, ps, adam, o.images(), rng, o, lr);
          psnr.add(stepPsnr);
          bar.step();
          if ((step + 1) % 10 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, " PSNR %.2f dB", psnr.value));
          }
          if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == last) {
            checkpoint.save(net, adam, step + 1);
            log.printf("%nstep %d: PSNR %.2f dB on training tiles (all SNRs, K and rates); lr %.2e; %.2f s a step%n",
                step + 1, psnr.value, lr, (System.nanoTime() - t0) / 1e9 / (step + 1 - start));
          }
        }
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(false);
      }
      Files.createDirectories(o.output().toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(o.output())) {
        WeightsFile.save(net, out, true);
      }
      log.printf("weights written to %s (float16)%n", o.output());
    }
  }

  private static double trainStep(Model model, SemanticNetwork net, ParameterStore ps, AdamState adam,
      TrainingImages images, SplittableRandom rng, Options o, float lr) {
    int b = o.batch(), tile = SemanticNetwork.TILE, width = 2 * SemanticNetwork.MAX_SYMBOLS;
    float[] pixels = new float[b * 3 * tile * tile];
    int[] counts = new int[b];
    int[] symbols = new int[b];
    float[] link = new float[b * 2];
    float[] noiseScale = new float[b];
    for (int i = 0; i < b; i++) {
      images.randomCrop(rng, tile, pixels, i * 3 * tile * tile);
      double snr = o.snrMin() + rng.nextDouble() * (o.snrMax() - o.snrMin());
      counts[i] = SemanticNetwork.MIN_TOKENS + rng.nextInt(SemanticNetwork.MAX_TOKENS - SemanticNetwork.MIN_TOKENS + 1);
      symbols[i] = (int) Math.round(MIN_SYMBOLS * Math.pow(SemanticNetwork.MAX_SYMBOLS / (double) MIN_SYMBOLS,
          rng.nextDouble()));
      link[2 * i] = (float) (snr / SemanticNetwork.SNR_SCALE);
      link[2 * i + 1] = symbols[i] / (float) SemanticNetwork.MAX_SYMBOLS;
      noiseScale[i] = (float) Math.sqrt(Math.pow(10, -snr / 10) / 2);
    }
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray x = scope.create(pixels, new Shape(b, 3, tile, tile));
      NDArray l = scope.create(link, new Shape(b, 2));
      double mse;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        Tokenizer.Tokens tokens = Tokenizer.tokenise(net, ps, x, counts, true);
        int slots = tokens.maxCount();
        float[] mask = new float[b * slots * width];
        float[] sent = new float[b];
        for (int i = 0; i < b; i++) {
          for (int k = 0; k < counts[i]; k++) {
            for (int j = 0; j < 2 * symbols[i]; j++) {
              mask[(i * slots + k) * width + j] = 1f;
            }
          }
          sent[i] = counts[i] * symbols[i];
        }
        NDArray m = scope.create(mask, new Shape(b, slots, width));
        NDArray z = net.transmit(ps, tokens.tokens(), l, true).mul(m);
        // Unit mean power per complex symbol over what each tile sends.
        NDArray energy = z.square().sum(new int[] {1, 2}).reshape(b, 1, 1);
        NDArray power = energy.div(scope.create(sent, new Shape(b, 1, 1))).add(1e-9f);
        NDArray normalised = z.div(power.sqrt());
        NDArray noise = scope.randomNormal(new Shape(b, slots, width)).mul(scope.create(noiseScale, new Shape(b, 1, 1)));
        NDArray received = normalised.add(noise).mul(m);
        NDArray y = net.reconstruct(ps, received, l, tokens.groups(), true);
        NDArray loss = y.sub(x).square().mean();
        gc.backward(loss);
        mse = loss.getFloat();
      }
      if (!Double.isFinite(mse)) {
        throw new IllegalStateException("semantic training diverged: the loss is " + mse);
      }
      adam.step(lr);
      return 10 * Math.log10(1 / Math.max(mse, 1e-12));
    }
  }
}
