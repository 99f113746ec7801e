package io.semstream.ingest;

import io.semstream.codecs.image.RgbImage;

/** Bilinear resampling, with a box prefilter when shrinking by more than 2× so detail does not alias. */
public final class ImageScaler {
  private ImageScaler() {}

  public static RgbImage scale(RgbImage src, int width, int height) {
    if (src.width() == width && src.height() == height) {
      return src;
    }
    RgbImage s = src;
    while (s.width() >= 2 * width && s.height() >= 2 * height) {
      s = s.halfSize();
    }
    byte[] out = new byte[width * height * 3];
    double fx = (double) s.width() / width, fy = (double) s.height() / height;
    for (int y = 0; y < height; y++) {
      double sy = Math.max(0, Math.min(s.height() - 1, (y + 0.5) * fy - 0.5));
      int y0 = (int) sy, y1 = Math.min(y0 + 1, s.height() - 1);
      double wy = sy - y0;
      for (int x = 0; x < width; x++) {
        double sx = Math.max(0, Math.min(s.width() - 1, (x + 0.5) * fx - 0.5));
        int x0 = (int) sx, x1 = Math.min(x0 + 1, s.width() - 1);
        double wx = sx - x0;
        for (int c = 0; c < 3; c++) {
          double v = (1 - wy) * ((1 - wx) * s.get(x0, y0, c) + wx * s.get(x1, y0, c))
              + wy * ((1 - wx) * s.get(x0, y1, c) + wx * s.get(x1, y1, c));
          out[(y * width + x) * 3 + c] = (byte) Math.round(v);
        }
      }
    }
    return new RgbImage(width, height, out);
  }
}
