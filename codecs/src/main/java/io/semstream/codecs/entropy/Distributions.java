package io.semstream.codecs.entropy;

/**
 * Bit-reproducible distribution functions for building {@link Cdf} tables.
 *
 * <p>Encoder and decoder may run in different JVMs on different CPUs, and a single differing
 * frequency in a table desynchronises the range coder. Everything here therefore uses only IEEE 754
 * basic arithmetic (strict in Java 17) and {@link StrictMath}, whose results are specified to the bit
 * (fdlibm); never {@link Math}, whose {@code exp}/{@code log} may be replaced by CPU intrinsics.
 *
 * <p>The complementary error function is computed (for x ≥ 0) from the everywhere-positive series
 * erf(x) = 2/√π · e^(−x²) · Σ_{n≥0} 2^n x^(2n+1) / (1·3·…·(2n+1)) below x = 2, and from the classical
 * continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))) evaluated
 * backwards from depth 100 at and above x = 2. Relative error against a 40-digit reference is below
 * 2·10^−13 on [0, 9] — far below what 16-bit frequencies can resolve.
 */
final class Distributions {
  private Distributions() {}

  private static final double SQRT_PI = StrictMath.sqrt(StrictMath.PI);
  private static final double SQRT_2 = StrictMath.sqrt(2.0);
  private static final double SERIES_LIMIT = 2.0;
  private static final int FRACTION_DEPTH = 100;

  /** The complementary error function, bit-reproducible. */
  static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2.0 - erfc(-x);
    }
    if (x < SERIES_LIMIT) {
      double x2 = x * x;
      double term = x;
      double sum = x;
      for (int n = 0; n < 400; n++) {
        term = term * 2.0 * x2 / (2 * n + 3);
        double next = sum + term;
        if (next == sum) {
          break;
        }
        sum = next;
      }
      return 1.0 - 2.0 / SQRT_PI * StrictMath.exp(-x2) * sum;
    }
    if (x > 27.3) {
      return 0.0; // e^(−x²) underflows to zero
    }
    double t = x;
    for (int k = FRACTION_DEPTH; k >= 1; k--) {
      t = x + (k * 0.5) / t;
    }
    return StrictMath.exp(-x * x) / (SQRT_PI * t);
  }

  /** A standardised distribution symmetric about zero, through its CDF F (so the upper tail is F(−z)). */
  enum Shape {
    /** Φ(z) = erfc(−z/√2)/2. */
    GAUSSIAN {
      @Override
      double cdf(double z) {
        return 0.5 * erfc(-z / SQRT_2);
      }
    },
    /** σ(z) = 1/(1 + e^(−z)). */
    LOGISTIC {
      @Override
      double cdf(double z) {
        if (z <= 0) {
          double e = StrictMath.exp(z);
          return e / (1.0 + e);
        }
        return 1.0 / (1.0 + StrictMath.exp(-z));
      }
    },
    /** F(z) = e^z/2 for z ≤ 0, 1 − e^(−z)/2 above. */
    LAPLACE {
      @Override
      double cdf(double z) {
        return z <= 0 ? 0.5 * StrictMath.exp(z) : 1.0 - 0.5 * StrictMath.exp(-z);
      }
    };

    abstract double cdf(double z);

    /**
     * Probability of the standardised interval [za, zb], za ≤ zb, computed so that no small
     * probability is the difference of two numbers close to one.
     */
    double interval(double za, double zb) {
      double p;
      if (za >= 0) {
        p = cdf(-za) - cdf(-zb);
      } else if (zb <= 0) {
        p = cdf(zb) - cdf(za);
      } else {
        p = 1.0 - cdf(za) - cdf(-zb);
      }
      return p > 0 ? p : 0.0;
    }
  }

  /**
   * Probabilities of the integer bins k ∈ [minSymbol, maxSymbol], bin k = [k − ½, k + ½], of the
   * distribution {@code shape} with location {@code mean} and scale {@code scale}; element
   * {@code maxSymbol − minSymbol + 1} is the mass below minSymbol − ½ and the next the mass above
   * maxSymbol + ½.
   */
  static double[] binsAndTails(Shape shape, double mean, double scale, int minSymbol, int maxSymbol) {
    if (!Double.isFinite(mean) || !Double.isFinite(scale) || !(scale > 0)) {
      throw new IllegalArgumentException("mean must be finite and scale finite and > 0: " + mean + ", " + scale);
    }
    if (minSymbol > maxSymbol) {
      throw new IllegalArgumentException("minSymbol > maxSymbol: " + minSymbol + " > " + maxSymbol);
    }
    int n = maxSymbol - minSymbol + 1;
    if (n <= 0 || n > (1 << Cdf.MAX_PRECISION)) {
      throw new IllegalArgumentException("too many symbols: [" + minSymbol + ", " + maxSymbol + "]");
    }
    double[] out = new double[n + 2];
    double za = (minSymbol - 0.5 - mean) / scale;
    for (int i = 0; i < n; i++) {
      double zb = (minSymbol + i + 0.5 - mean) / scale;
      out[i] = shape.interval(za, zb);
      za = zb;
    }
    out[n] = shape.cdf((minSymbol - 0.5 - mean) / scale);
    out[n + 1] = shape.cdf(-((maxSymbol + 0.5 - mean) / scale));
    return out;
  }
}
