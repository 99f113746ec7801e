package io.semstream.codecs.train;

import io.semstream.codecs.image.RgbImage;
import java.util.SplittableRandom;

/** Where a trainer draws its training crops from: photographs, or the frames of a task's data set. */
public interface TrainingImages {
  /** Fills {@code out} (offset by {@code base}) with one random crop as CHW floats in [0,1]. */
  void randomCrop(SplittableRandom rng, int crop, float[] out, int base);

  /** What the images are, for the training log, e.g. "63 photographs from data/photos/train". */
  String describe();

  /** Copies the crop×crop window at (x0, y0) of {@code img}, mirrored if {@code flip}, as CHW floats in [0,1]. */
  static void copyWindow(RgbImage img, int x0, int y0, int crop, boolean flip, float[] out, int base) {
    int plane = crop * crop;
    byte[] rgb = img.rgb();
    for (int y = 0; y < crop; y++) {
      for (int x = 0; x < crop; x++) {
        int src = ((y0 + y) * img.width() + x0 + (flip ? crop - 1 - x : x)) * 3;
        int dst = base + y * crop + x;
        out[dst] = (rgb[src] & 0xFF) / 255f;
        out[dst + plane] = (rgb[src + 1] & 0xFF) / 255f;
        out[dst + 2 * plane] = (rgb[src + 2] & 0xFF) / 255f;
      }
    }
  }
}
