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
}
