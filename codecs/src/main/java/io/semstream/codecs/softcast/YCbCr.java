package io.semstream.codecs.softcast;

import io.semstream.codecs.image.RgbImage;

/**
 * Full-range BT.601 YCbCr, each plane centred on zero (Y − 128, Cb and Cr as they are), in float; and the
 * weight of each component in RGB squared error: a unit error in Y adds 1 to each of R, G and B (3 in
 * all), one in Cb 0.344² + 1.772², one in Cr 1.402² + 0.714².
 */
public final class YCbCr {
  static final float[] RGB_ERROR_WEIGHT = {3f, (float) (0.344136 * 0.344136 + 1.772 * 1.772),
      (float) (1.402 * 1.402 + 0.714136 * 0.714136)};

  private YCbCr() {}

  /** Three planes, Y, Cb, Cr, each w×h row-major. */
  public static float[][] planes(RgbImage image) {
    int n = image.width() * image.height();
    byte[] rgb = image.rgb();
    float[][] p = new float[3][n];
    for (int i = 0; i < n; i++) {
      float r = rgb[3 * i] & 0xFF, g = rgb[3 * i + 1] & 0xFF, b = rgb[3 * i + 2] & 0xFF;
      p[0][i] = 0.299f * r + 0.587f * g + 0.114f * b - 128f;
      p[1][i] = -0.168736f * r - 0.331264f * g + 0.5f * b;
      p[2][i] = 0.5f * r - 0.418688f * g - 0.081312f * b;
    }
    return p;
  }

  public static RgbImage image(float[][] p, int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      float y = p[0][i] + 128f, cb = p[1][i], cr = p[2][i];
      rgb[3 * i] = clamp(y + 1.402f * cr);
      rgb[3 * i + 1] = clamp(y - 0.344136f * cb - 0.714136f * cr);
      rgb[3 * i + 2] = clamp(y + 1.772f * cb);
    }
    return new RgbImage(w, h, rgb);
  }

  private static byte clamp(float v) {
    int q = Math.round(v);
    return (byte) (q < 0 ? 0 : Math.min(255, q));
  }
}
