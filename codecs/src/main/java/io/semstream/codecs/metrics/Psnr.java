package io.semstream.codecs.metrics;

import io.semstream.codecs.image.RgbImage;

/** Peak signal-to-noise ratio of 8-bit RGB, the quality figure every codec in the comparison table reports. */
public final class Psnr {
  /**
   * Ceiling of the reported value. A perfect reconstruction has infinite PSNR, which would turn the mean
   * over a set of frames into infinity and hide every other frame; near-perfect ones exceed 100 dB only
   * on huge images with a handful of off-by-one pixels, a difference no one reads. Capping all values
   * (not just the identical case) keeps the metric monotone in the error.
   */
  public static final double MAX_DB = 100.0;

  private Psnr() {}

  /** 10·log10(255² / MSE), MSE over all H·W·3 samples, capped at {@link #MAX_DB}. */
  public static double of(RgbImage reference, RgbImage test) {
    checkSameSize(reference, test);
    byte[] a = reference.rgb();
    byte[] b = test.rgb();
    long sumSq = 0; // exact: at most 255² · 2^31 < 2^63
    for (int i = 0; i < a.length; i++) {
      int d = (a[i] & 0xFF) - (b[i] & 0xFF);
      sumSq += (long) d * d;
    }
    if (sumSq == 0) {
      return MAX_DB;
    }
    double mse = (double) sumSq / a.length;
    return Math.min(MAX_DB, 10.0 * Math.log10(255.0 * 255.0 / mse));
  }

  static void checkSameSize(RgbImage reference, RgbImage test) {
    if (reference.width() != test.width() || reference.height() != test.height()) {
      throw new IllegalArgumentException("images differ in size: reference " + reference.width() + "x"
          + reference.height() + ", test " + test.width() + "x" + test.height());
    }
  }
}
