package io.semstream.codecs.image;

import java.util.Objects;

/** An 8-bit RGB picture, row-major, interleaved R G B. Immutable by convention: never mutate {@link #rgb()}. */
public final class RgbImage {
  private final int width;
  private final int height;
  private final byte[] rgb;

  public RgbImage(int width, int height, byte[] rgb) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    Objects.requireNonNull(rgb, "rgb");
    if ((long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException("RGB payload of " + rgb.length + " bytes does not match "
          + width + "x" + height + "x3 = " + ((long) width * height * 3));
    }
    this.width = width;
    this.height = height;
    this.rgb = rgb;
  }

  public int width() { return width; }
  public int height() { return height; }
  public byte[] rgb() { return rgb; }

  /** Source dimension in the CBR sense: H·W·3. */
  public long sourceDimension() { return (long) width * height * 3; }

  public int get(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }

  /** Copy of the region [x0, x0+w) × [y0, y0+h). */
  public RgbImage crop(int x0, int y0, int w, int h) {
    if (x0 < 0 || y0 < 0 || x0 + w > width || y0 + h > height) {
      throw new IllegalArgumentException("crop " + w + "x" + h + "+" + x0 + "+" + y0 + " outside " + width + "x" + height);
    }
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(rgb, ((y0 + y) * width + x0) * 3, out, y * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }

  /** Pads to a multiple of {@code m} in each dimension by mirroring the edge (less ringing than zeros). */
  public RgbImage padToMultiple(int m) {
    int pw = ((width + m - 1) / m) * m;
    int ph = ((height + m - 1) / m) * m;
    if (pw == width && ph == height) {
      return this;
    }
    byte[] out = new byte[pw * ph * 3];
    for (int y = 0; y < ph; y++) {
      int sy = reflect(y, height);
      for (int x = 0; x < pw; x++) {
        int sx = reflect(x, width);
        System.arraycopy(rgb, (sy * width + sx) * 3, out, (y * pw + x) * 3, 3);
      }
    }
    return new RgbImage(pw, ph, out);
  }

  private static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * n - 2;
    int r = i % period;
    return r < n ? r : period - r;
  }

  /** A picture of one grey level, e.g. what a receiver shows for a frame it never had. */
  public static RgbImage filled(int width, int height, int level) {
    byte[] rgb = new byte[width * height * 3];
    java.util.Arrays.fill(rgb, (byte) level);
    return new RgbImage(width, height, rgb);
  }

  /** Half the size in each dimension, each pixel the rounded mean of a 2×2 block (an odd last row or column is dropped). */
  public RgbImage halfSize() {
    int w = width / 2, h = height / 2;
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int a = ((2 * y) * width + 2 * x) * 3 + c;
          int b = a + width * 3;
          int sum = (rgb[a] & 0xFF) + (rgb[a + 3] & 0xFF) + (rgb[b] & 0xFF) + (rgb[b + 3] & 0xFF);
          out[(y * w + x) * 3 + c] = (byte) ((sum + 2) >> 2);
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  /** Side-by-side picture: this on the left, {@code other} on the right (same height expected). */
  public RgbImage besideOf(RgbImage other) {
    int h = Math.max(height, other.height);
    int w = width + other.width;
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < height; y++) {
      System.arraycopy(rgb, y * width * 3, out, y * w * 3, width * 3);
    }
    for (int y = 0; y < other.height; y++) {
      System.arraycopy(other.rgb, y * other.width * 3, out, (y * w + width) * 3, other.width * 3);
    }
    return new RgbImage(w, h, out);
  }
}
