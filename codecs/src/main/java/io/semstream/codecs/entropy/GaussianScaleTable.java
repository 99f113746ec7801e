package io.semstream.codecs.entropy;

/**
 * Zero-mean discretised Gaussians at a fixed set of log-spaced scales, with their CDFs precomputed, so
 * that an entropy model predicting a scale σ per latent element can code that element with a table
 * both sides pick by index (the usual "scale table" of learned image compression). For a mean-scale
 * model code the integer round(y − μ) and reconstruct symbol + μ: the table stays zero-mean.
 *
 * <h2>The standard table</h2>
 * {@link #standard()}: 64 scales s_i = exp(ln 0.11 + i·(ln 256 − ln 0.11)/63), i = 0..63 (a ratio of
 * about 1.131 between neighbours); table i covers the values [−L_i, L_i], L_i = max(1, ⌈5·s_i⌉), plus an
 * escape symbol carrying the Gaussian's mass beyond L_i + ½ (values past the range are escaped, never
 * clipped); 16-bit frequencies.
 *
 * <h2>Choosing the index (bit-exact on both sides)</h2>
 * The boundaries are floats b_i = (float) √(s_i·s_{i+1}), i = 0..count−2 (geometric midpoints, computed
 * with StrictMath, so identical on every JVM). For a float scale σ,
 * <pre>  index(σ) = number of boundaries b_i with b_i &lt; σ</pre>
 * i.e. the nearest scale in log terms, with a σ exactly on a boundary going to the smaller scale.
 * So index(b_i) = i and index(Math.nextUp(b_i)) = i + 1: two floats one ulp apart get different tables
 * exactly when they straddle a boundary. σ ≤ b_0 (zero, negatives, −∞ included) gives 0, σ above the
 * last boundary (+∞ included) gives count−1, and NaN gives count−1 (the widest table, the safe choice
 * for a broken prediction). The rule is a pure function of the float's bits; it is bit-exact only if
 * encoder and decoder compute the same float σ, which a neural network run on different hardware or
 * thread counts need not do.
 */
public final class GaussianScaleTable {
  private static final class Standard {
    static final GaussianScaleTable TABLE = of(64, 0.11, 256.0, 5.0, Cdf.DEFAULT_PRECISION);
  }

  private final double[] scales;
  private final float[] boundaries;
  private final Cdf[] cdfs;

  private GaussianScaleTable(double[] scales, float[] boundaries, Cdf[] cdfs) {
    this.scales = scales;
    this.boundaries = boundaries;
    this.cdfs = cdfs;
  }

  /** The table the codecs share (see class doc); built once, on first use. */
  public static GaussianScaleTable standard() {
    return Standard.TABLE;
  }

  /**
   * A table of {@code count} log-spaced scales from minScale to maxScale; table i covers
   * [−max(1, ⌈tailBound·s_i⌉), +…] plus an escape symbol.
   */
  public static GaussianScaleTable of(int count, double minScale, double maxScale, double tailBound, int precision) {
    if (count < 2 || !(minScale > 0) || !(maxScale > minScale) || Double.isInfinite(maxScale) || !(tailBound > 0)) {
      throw new IllegalArgumentException("bad scale table: " + count + ", " + minScale + ", " + maxScale + ", "
          + tailBound);
    }
    double logMin = StrictMath.log(minScale);
    double step = (StrictMath.log(maxScale) - logMin) / (count - 1);
    double[] scales = new double[count];
    for (int i = 0; i < count; i++) {
      scales[i] = i == count - 1 ? maxScale : i == 0 ? minScale : StrictMath.exp(logMin + i * step);
    }
    float[] boundaries = new float[count - 1];
    for (int i = 0; i < count - 1; i++) {
      boundaries[i] = (float) StrictMath.sqrt(scales[i] * scales[i + 1]);
      if (i > 0 && !(boundaries[i] > boundaries[i - 1])) {
        throw new IllegalArgumentException("scales too close to separate as floats");
      }
    }
    Cdf[] cdfs = new Cdf[count];
    for (int i = 0; i < count; i++) {
      double bound = StrictMath.ceil(tailBound * scales[i]);
      int l = (int) Math.max(1, Math.min(bound, ((1 << precision) - 2) / 2));
      cdfs[i] = Cdf.discretisedGaussian(0.0, scales[i], -l, l, Cdf.Tails.ESCAPE, precision);
    }
    return new GaussianScaleTable(scales, boundaries, cdfs);
  }

  public int size() {
    return scales.length;
  }

  /** The scale of table {@code index}. */
  public double scale(int index) {
    return scales[index];
  }

  /** The boundary between table {@code i} and {@code i + 1} (i = 0..size()−2). */
  public float boundary(int i) {
    return boundaries[i];
  }

  /** The table for a predicted scale: the number of boundaries strictly below it (see class doc). */
  public int indexOf(float scale) {
    if (Float.isNaN(scale)) {
      return scales.length - 1;
    }
    int lo = 0;
    int hi = boundaries.length; // answer in [lo, hi]
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (boundaries[mid] < scale) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** {@link #indexOf(float)} of each element. */
  public int[] indexesOf(float[] scales) {
    int[] out = new int[scales.length];
    for (int i = 0; i < scales.length; i++) {
      out[i] = indexOf(scales[i]);
    }
    return out;
  }

  /** The precomputed table {@code index}. */
  public Cdf cdf(int index) {
    return cdfs[index];
  }
}
