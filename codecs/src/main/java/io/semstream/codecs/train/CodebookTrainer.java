package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.semantic.ResidualCodebook;
import io.semstream.codecs.semantic.SemanticModel;
import io.semstream.codecs.semantic.SemanticNetwork;
import io.semstream.codecs.semantic.Tokenizer;
import java.io.BufferedOutputStream;
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
 * Learns the digital variant's residual codebook on the shipped semantic encoder: a pool of normalised
 * tokens from random training tiles (K drawn per tile, as the codec uses 10 to 30), then stage by stage EMA
 * k-means with dead-code restart on minibatches of the pool, each stage on what the stages before it left.
 * The encoder is not changed, so the analog variant is unaffected.
 */
public final class CodebookTrainer {
  /** {@code weights}: the encoder whose tokens are quantised; its codebook is what gets written by default. */
  public record Options(SemanticModel weights, TrainingImages images, Path output, int tiles, int stages,
      int updates, int batch, long seed) {
    public Options {
      if (tiles < 8 || stages < 1 || updates < 1 || batch < ResidualCodebook.ENTRIES) {
        throw new IllegalArgumentException("need at least 8 tiles, 1 stage, 1 update and a minibatch of at least "
            + ResidualCodebook.ENTRIES + " tokens");
      }
    }
  }

  public void train(Options o, PrintStream log) throws IOException {
    int tile = SemanticNetwork.TILE, dim = SemanticNetwork.WIDTH;
    SplittableRandom rng = new SplittableRandom(o.seed());
    float[] pool;
    int n = 0;
    try (Model model = o.weights().load()) {
      SemanticNetwork net = (SemanticNetwork) model.getBlock();
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      pool = new float[o.tiles() * SemanticNetwork.MAX_TOKENS * dim];
      int per = 16;
      try (ProgressBar bar = bar("token pool", o.tiles())) {
        for (int done = 0; done < o.tiles(); done += per) {
          int b = Math.min(per, o.tiles() - done);
          float[] pixels = new float[b * 3 * tile * tile];
          int[] counts = new int[b];
          for (int i = 0; i < b; i++) {
            o.images().randomCrop(rng, tile, pixels, i * 3 * tile * tile);
            counts[i] = SemanticNetwork.MIN_TOKENS
                + rng.nextInt(SemanticNetwork.MAX_TOKENS - SemanticNetwork.MIN_TOKENS + 1);
          }
          try (NDManager scope = NativeEngine.scope(model)) {
            NDArray x = scope.create(pixels, new Shape(b, 3, tile, tile));
            Tokenizer.Tokens tok = Tokenizer.tokenise(net, ps, x, counts, false);
            int slots = tok.maxCount();
            float[] v = net.normalise(ps, tok.tokens(), false).toFloatArray();
            for (int i = 0; i < b; i++) {
              System.arraycopy(v, i * slots * dim, pool, n * dim, counts[i] * dim);
              n += counts[i];
            }
          }
          bar.stepBy(b);
        }
      }
    }
    log.printf("codebook of %s: %d tokens from %d tiles of %s%n", o.weights().name(), n, o.tiles(),
        o.images().describe());
    float[] residual = java.util.Arrays.copyOf(pool, n * dim);
    float[][] books = new float[o.stages()][];
    double variance = meanSquare(residual, n, dim);
    for (int s = 0; s < o.stages(); s++) {
      ResidualCodebook.Learner learner = new ResidualCodebook.Learner(dim, residual, n, o.seed() * 31 + s);
      double error = Double.NaN;
      float[] batch = new float[o.batch() * dim];
      try (ProgressBar bar = bar("stage " + (s + 1), o.updates())) {
        for (int u = 0; u < o.updates(); u++) {
          for (int i = 0; i < o.batch(); i++) {
            System.arraycopy(residual, rng.nextInt(n) * dim, batch, i * dim, dim);
          }
          error = learner.update(batch, o.batch());
          bar.step();
          bar.setExtraMessage(String.format(Locale.ROOT, " error %.4f", error));
        }
      }
      books[s] = learner.codebook();
      ResidualCodebook stage = new ResidualCodebook(1, dim, new float[][] {books[s]});
      float[] rebuilt = stage.decode(stage.encode(residual, n, 1), n, 1);
      for (int i = 0; i < residual.length; i++) {
        residual[i] -= rebuilt[i];
      }
      log.printf("stage %d: %d of %d entries live, %d restarts; error left %.2f %% of the tokens' energy%n", s + 1,
          learner.live(), ResidualCodebook.ENTRIES, learner.restarts(), 100 * meanSquare(residual, n, dim) / variance);
    }
    Files.createDirectories(o.output().toAbsolutePath().getParent());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(o.output()))) {
      new ResidualCodebook(o.stages(), dim, books).save(out);
    }
    log.printf("codebook written to %s (%d stages of %d entries, float16)%n", o.output(), o.stages(),
        ResidualCodebook.ENTRIES);
  }

  private static double meanSquare(float[] v, int n, int dim) {
    double s = 0;
    for (int i = 0; i < n * dim; i++) {
      s += (double) v[i] * v[i];
    }
    return s / n;
  }

  private static ProgressBar bar(String task, long max) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
        .setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build();
  }
}
