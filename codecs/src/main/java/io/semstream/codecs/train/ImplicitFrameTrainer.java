package io.semstream.codecs.train;

import io.semstream.codecs.implicit.FieldConfig;
import io.semstream.codecs.implicit.FourierFeatures;
import io.semstream.codecs.implicit.ImplicitModel;
import io.semstream.codecs.implicit.PatchGrid;
import java.io.IOException;
import java.io.PrintStream;
import java.util.SplittableRandom;

/**
 * Meta-learns the implicit codec's frame field ({@link FieldMetaTrainer}) on 16×16 patches of the training
 * photographs, drawn from the photo pyramid (full size, ½, ¼: the texture density of smaller pictures too) with
 * random flips. The loss is plain MSE on the [−1, 1] scale, so the figures read as −PSNR; the active latent
 * entries are drawn per step between CBR 1/96 and the field's largest, so one network serves every CBR.
 */
public final class ImplicitFrameTrainer {
  public static final String DEFAULT_OUTPUT = "codecs/src/main/resources" + ImplicitModel.FRAME.weightsResource();
  /** Peak-to-peak² on the [−1, 1] scale: MSE over it is 10^(−PSNR/10). */
  private static final double PEAK_SQUARED = 4;

  public void train(SeriesTraining.Options o, PrintStream log) throws IOException {
    PhotoSet photos = PhotoSet.load(o.data(), PatchGrid.SIDE);
    new FieldMetaTrainer().train("implicit-frame", FieldConfig.frame(), new Patches(photos), o, log);
  }

  private record Patches(PhotoSet photos) implements FieldMetaTrainer.Instances {
    @Override
    public FieldMetaTrainer.Batch draw(SplittableRandom rng, int b, FieldConfig config) {
      int side = PatchGrid.SIDE, points = side * side;
      int fewest = Math.max(1, config.latent() / 6);
      int active = fewest + rng.nextInt(config.latent() - fewest + 1);
      float[] chw = new float[3 * points];
      float[] targets = new float[b * points * 3];
      double[] scale = new double[b];
      for (int i = 0; i < b; i++) {
        photos.randomCrop(rng, side, chw, 0);
        for (int p = 0; p < points; p++) {
          for (int c = 0; c < 3; c++) {
            targets[(i * points + p) * 3 + c] = chw[c * points + p] * 2 - 1;
          }
        }
        scale[i] = PEAK_SQUARED;
      }
      return new FieldMetaTrainer.Batch(FourierFeatures.ofPixels(config, side), points, targets, scale, active);
    }

    @Override
    public String describe() {
      return photos.describe() + ", 16x16 patches";
    }

    @Override
    public String measure() {
      return "MSE/peak² (−PSNR)";
    }
  }
}
