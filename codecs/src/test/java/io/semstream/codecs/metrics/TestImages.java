package io.semstream.codecs.metrics;

import io.semstream.codecs.image.RgbImage;
import java.util.SplittableRandom;

/** Small synthetic pictures: smooth gradients plus edges and texture, so every SSIM term has work to do. */
final class TestImages {
  private TestImages() {}

  static RgbImage textured(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double v = 128 + 60 * Math.sin(x * (0.05 + 0.03 * c)) * Math.cos(y * 0.07)
              + ((x / 16 + y / 16) % 2 == 0 ? 25 : -25) + 10 * (r.nextDouble() - 0.5);
          rgb[(y * w + x) * 3 + c] = (byte) clamp(v);
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  static RgbImage withGaussianNoise(RgbImage img, double sigma, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] src = img.rgb();
    byte[] out = new byte[src.length];
    for (int i = 0; i < src.length; i++) {
      double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      out[i] = (byte) clamp((src[i] & 0xFF) + sigma * g);
    }
    return new RgbImage(img.width(), img.height(), out);
  }

  static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
