package io.semstream.codecs.train;

import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.task.FashionMnist;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The 60000 training items of Fashion-MNIST as the 256×256 frames the task sends (never the test split,
 * which is the task's evaluation set), with random horizontal flips. A crop smaller than the frame is a
 * random window of it.
 */
public final class FashionMnistFrames implements TrainingImages {
  private final List<FashionMnist.Item> items;

  private FashionMnistFrames(List<FashionMnist.Item> items) {
    this.items = items;
  }

  public static FashionMnistFrames load() throws IOException {
    return new FashionMnistFrames(FashionMnist.read(FashionMnist.Split.TRAIN, 0));
  }

  @Override
  public void randomCrop(SplittableRandom rng, int crop, float[] out, int base) {
    if (crop > FashionMnist.FRAME) {
      throw new IllegalArgumentException("Fashion-MNIST frames are " + FashionMnist.FRAME + " px, not " + crop);
    }
    RgbImage frame = FashionMnist.frame(items.get(rng.nextInt(items.size())));
    int x0 = rng.nextInt(FashionMnist.FRAME - crop + 1), y0 = rng.nextInt(FashionMnist.FRAME - crop + 1);
    TrainingImages.copyWindow(frame, x0, y0, crop, rng.nextBoolean(), out, base);
  }

  @Override
  public String describe() {
    return items.size() + " Fashion-MNIST training frames";
  }
}
