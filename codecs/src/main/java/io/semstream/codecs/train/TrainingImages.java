package io.semstream.codecs.train;

import java.util.SplittableRandom;

/** Where a trainer draws its training crops from: photographs, or the frames of a task's data set. */
public interface TrainingImages {
  /** Fills {@code out} (offset by {@code base}) with one random crop as CHW floats in [0,1]. */
  void randomCrop(SplittableRandom rng, int crop, float[] out, int base);

  /** What the images are, for the training log, e.g. "63 photographs from data/photos/train". */
  String describe();
}
