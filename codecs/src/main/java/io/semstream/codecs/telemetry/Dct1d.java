package io.semstream.codecs.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orthonormal DCT-II of one channel and its inverse. Direct O(N²) sums over a cached cosine table of
 * 4N entries (cos(π m / 2N), m = (2t+1)k mod 4N): windows are a few hundred points, where this costs
 * well under a millisecond and needs no FFT (a window of a few thousand costs some tens of milliseconds).
 */
public final class Dct1d {
  private static final Map<Integer, double[]> COSINES = new ConcurrentHashMap<>();

  private Dct1d() {}

  public static double[] forward(float[] x) {
    int n = x.length;
    double[] cos = cosines(n);
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      double s = 0;
      int period = 4 * n, m = k % period, step = (2 * k) % period;
      for (int t = 0; t < n; t++) {
        s += x[t] * cos[m];
        m += step;
        if (m >= period) {
          m -= period;
        }
      }
      out[k] = s * scale(k, n);
    }
    return out;
  }

  public static double[] inverse(double[] c) {
    int n = c.length;
    double[] cos = cosines(n);
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      double ck = c[k] * scale(k, n);
      if (ck == 0) {
        continue;
      }
      int period = 4 * n, m = k % period, step = (2 * k) % period;
      for (int t = 0; t < n; t++) {
        out[t] += ck * cos[m];
        m += step;
        if (m >= period) {
          m -= period;
        }
      }
    }
    return out;
  }

  private static double scale(int k, int n) {
    return k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
  }

  private static double[] cosines(int n) {
    return COSINES.computeIfAbsent(n, size -> {
      double[] table = new double[4 * size];
      for (int m = 0; m < table.length; m++) {
        table[m] = Math.cos(Math.PI * m / (2.0 * size));
      }
      return table;
    });
  }
}
