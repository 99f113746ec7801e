package io.semstream.codecs.classical;

import io.semstream.codecs.image.RgbImage;
import java.util.SplittableRandom;

/** A photo-like synthetic picture: smooth shading, edges, a little texture. */
public final class ClassicalTestImages {
  private ClassicalTestImages() {}

  public static RgbImage scene(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[w * h * 3];
    double cx = w * 0.6;
    double cy = h * 0.4;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < (w * h) / 12.0;
        for (int c = 0; c < 3; c++) {
          double v = 90 + 70 * Math.sin(x * (0.03 + 0.01 * c)) * Math.cos(y * 0.045) + (disc ? 60 - 30 * c : 0)
              + ((x / 24 + y / 24) % 2 == 0 ? 12 : -12) + 8 * (r.nextDouble() - 0.5);
          rgb[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
