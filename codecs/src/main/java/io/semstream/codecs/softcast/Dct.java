package io.semstream.codecs.softcast;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orthonormal 2-D DCT-II of a whole plane and its inverse, as two matrix products (rows, then
 * columns) with the N×N DCT matrix of each side, cached per size. Orthonormal, so energy is the same in
 * both domains and the inverse is the transpose. Plain Java in float, each inner loop a multiply-add over
 * a whole row, which the JIT vectorises; any size.
 */
final class Dct {
  /** Per size N: the DCT matrix C (row k = basis function k) and its transpose. */
  private record Matrices(float[] c, float[] t) {}

  private static final Map<Integer, Matrices> CACHE = new ConcurrentHashMap<>();

  private Dct() {}

  /** Coefficients of an h×w plane (row-major), same layout: entry (u, v) is frequency u down, v across. */
  static float[] forward(float[] plane, int w, int h) {
    // rows: out[k] = Σ_i C[k][i]·x_i, i.e. Σ_i x_i·Cᵀ[i][k]
    return columns(rows(plane, w, h, matrices(w).t()), w, h, matrices(h).c());
  }

  static float[] inverse(float[] coefficients, int w, int h) {
    return rows(columns(coefficients, w, h, matrices(h).t()), w, h, matrices(w).c());
  }

  /** C[k][n] = a(k)·cos(π(2n+1)k / 2N), a(0) = √(1/N), a(k) = √(2/N). */
  static float[] matrix(int n) {
    return matrices(n).c();
  }

  private static Matrices matrices(int n) {
    return CACHE.computeIfAbsent(n, size -> {
      float[] c = new float[size * size];
      float[] t = new float[size * size];
      for (int k = 0; k < size; k++) {
        double a = Math.sqrt((k == 0 ? 1.0 : 2.0) / size);
        for (int i = 0; i < size; i++) {
          float v = (float) (a * Math.cos(Math.PI * (2 * i + 1) * k / (2.0 * size)));
          c[k * size + i] = v;
          t[i * size + k] = v;
        }
      }
      return new Matrices(c, t);
    });
  }

  /** Each row x of the plane becomes Σ_i x_i·m[i][·]. */
  private static float[] rows(float[] in, int w, int h, float[] m) {
    float[] out = new float[w * h];
    for (int r = 0; r < h; r++) {
      int row = r * w;
      for (int i = 0; i < w; i++) {
        float x = in[row + i];
        if (x != 0) {
          int base = i * w;
          for (int k = 0; k < w; k++) {
            out[row + k] += m[base + k] * x;
          }
        }
      }
    }
    return out;
  }

  /**
   * Each column x of the plane becomes A·x, computed one output row at a time: out[k][·] = Σ_i A[k][i]·in[i][·].
   * Rows of the input that are all zero add nothing and are skipped: at the receiver most rows of the
   * spectrum are, since SoftCast sends the low frequencies and leaves the rest at zero.
   */
  private static float[] columns(float[] in, int w, int h, float[] a) {
    float[] out = new float[w * h];
    int[] rows = new int[h];
    int used = 0;
    for (int i = 0; i < h; i++) {
      for (int v = i * w, end = v + w; v < end; v++) {
        if (in[v] != 0) {
          rows[used++] = i;
          break;
        }
      }
    }
    for (int k = 0; k < h; k++) {
      int dst = k * w;
      for (int r = 0; r < used; r++) {
        int i = rows[r];
        float coefficient = a[k * h + i];
        int src = i * w;
        for (int v = 0; v < w; v++) {
          out[dst + v] += coefficient * in[src + v];
        }
      }
    }
    return out;
  }
}
