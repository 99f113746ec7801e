package io.semstream.codecs.implicit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * γ(p) = [sin(π f_j p_i), cos(π f_j p_i)] for each coordinate p_i ∈ [−1, 1] and frequencies f_j
 * log-spaced from 1 to the configured maximum (cycles over the span): a sine network then needs no very
 * large first-layer weights to reach high frequencies, and any resolution samples the same field.
 */
public final class FourierFeatures {
  private FourierFeatures() {}

  public static double[] frequencies(FieldConfig config) {
    double[] f = new double[config.frequencies()];
    for (int j = 0; j < f.length; j++) {
      f[j] = f.length == 1 ? 1 : Math.pow(config.maxFrequency(), (double) j / (f.length - 1));
    }
    return f;
  }

  /** {@link #ofTimes} as an [n, F] array in {@code manager}. */
  public static NDArray times(NDManager manager, FieldConfig config, int n) {
    return manager.create(ofTimes(config, n), new Shape(n, config.featureCount()));
  }

  /** Features of {@code n} equally spaced times over [−1, 1] (endpoints included), row-major [n, F]. */
  public static float[] ofTimes(FieldConfig config, int n) {
    double[] f = frequencies(config);
    int width = config.featureCount();
    float[] out = new float[n * width];
    for (int t = 0; t < n; t++) {
      double p = n == 1 ? 0 : -1 + 2.0 * t / (n - 1);
      for (int j = 0; j < f.length; j++) {
        out[t * width + 2 * j] = (float) Math.sin(Math.PI * f[j] * p);
        out[t * width + 2 * j + 1] = (float) Math.cos(Math.PI * f[j] * p);
      }
    }
    return out;
  }

  /** {@link #ofPixels} as a [q·q, F] array in {@code manager}. */
  public static NDArray pixels(NDManager manager, FieldConfig config, int q) {
    return manager.create(ofPixels(config, q), new Shape((long) q * q, config.featureCount()));
  }

  /**
   * Features of the centres of a q×q pixel grid spanning [−1, 1]² (row-major, y then x): pixel i's centre is
   * at −1 + (2i + 1)/q, so grids of any q sample the same field over the same square, which is what rendering
   * at another resolution needs. Per point the x features come first, then the y features.
   */
  public static float[] ofPixels(FieldConfig config, int q) {
    if (config.inputs() != 2) {
      throw new IllegalArgumentException("pixel features need a field of two inputs, not " + config.inputs());
    }
    double[] f = frequencies(config);
    int width = config.featureCount(), half = width / 2;
    float[] out = new float[q * q * width];
    for (int y = 0; y < q; y++) {
      double py = -1 + (2.0 * y + 1) / q;
      for (int x = 0; x < q; x++) {
        double px = -1 + (2.0 * x + 1) / q;
        int base = (y * q + x) * width;
        for (int j = 0; j < f.length; j++) {
          out[base + 2 * j] = (float) Math.sin(Math.PI * f[j] * px);
          out[base + 2 * j + 1] = (float) Math.cos(Math.PI * f[j] * px);
          out[base + half + 2 * j] = (float) Math.sin(Math.PI * f[j] * py);
          out[base + half + 2 * j + 1] = (float) Math.cos(Math.PI * f[j] * py);
        }
      }
    }
    return out;
  }
}
