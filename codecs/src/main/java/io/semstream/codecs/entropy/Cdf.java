package io.semstream.codecs.entropy;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * An immutable quantised distribution over a small alphabet, in the form the range coder needs:
 * integer frequencies f(s) ≥ 1 summing to exactly 2^precision (1 ≤ precision ≤ 16), and their
 * cumulative sums.
 *
 * <h2>Symbols and values</h2>
 * Symbols are indexes 0..size()−1. A Cdf also maps symbols to integer <em>values</em>: value
 * {@code minValue() + s} for every symbol s except, when {@link #hasEscape()}, the last one, which is
 * the <em>escape</em> symbol. {@link RangeEncoder#encodeInteger} codes a value in
 * [minValue(), maxValue()] as its symbol and any other long as the escape symbol followed by raw
 * bits; without an escape symbol such a value is refused.
 *
 * <h2>Quantisation (the rule both sides must share)</h2>
 * Given probabilities p (normalised by their sum) and T = 2^precision:
 * <ol>
 *   <li>f(s) = max(1, round(p(s)·T)) (round half up), so every symbol, even one of probability zero,
 *       stays codable;</li>
 *   <li>while Σf &lt; T, add one to the symbol with the largest p(s)·ln((f+1)/f); while Σf &gt; T,
 *       take one from the symbol with f ≥ 2 and the smallest p(s)·ln(f/(f−1)); ties go to the lowest
 *       index. This greedily minimises the expected code length Σ −p·log2(f/T).</li>
 * </ol>
 * Only basic IEEE arithmetic and {@link StrictMath} are used, so the same doubles give the same table
 * on every JVM. The doubles themselves must be identical on both sides; tables built from a neural
 * network's output should be computed once and shipped as integers ({@link #frequencies()} /
 * {@link #fromFrequencies}) unless the network is bit-exact across machines.
 *
 * <h2>Discretised continuous distributions</h2>
 * For integer bins k ∈ [minSymbol, maxSymbol]: P(k) = F((k+½−μ)/s) − F((k−½−μ)/s) for a standard CDF
 * F (Gaussian Φ, logistic σ, Laplace), computed without cancellation in either tail. The mass outside
 * [minSymbol − ½, maxSymbol + ½] is either folded into the two end bins ({@link Tails#FOLD}) or given
 * to an escape symbol ({@link Tails#ESCAPE}).
 */
public final class Cdf {
  /** The largest supported precision: frequencies sum to at most 2^16. */
  public static final int MAX_PRECISION = 16;
  /** The precision every factory uses unless told otherwise. */
  public static final int DEFAULT_PRECISION = 16;

  /** What happens to the probability mass outside a discretised distribution's integer range. */
  public enum Tails {
    /** Added to the first and last bins: values outside the range cannot be coded. */
    FOLD,
    /** Given to an extra escape symbol: any long value can be coded, outliers at a cost in raw bits. */
    ESCAPE
  }

  final int precision;
  /** cum[s] = Σ_{t<s} f(t); cum[size] = 2^precision. Strictly increasing. */
  final int[] cum;
  private final long minValue;
  private final boolean escape;

  private Cdf(int precision, int[] cum, long minValue, boolean escape) {
    this.precision = precision;
    this.cum = cum;
    this.minValue = minValue;
    this.escape = escape;
    if (escape && cum.length < 3) {
      throw new IllegalArgumentException("a Cdf with an escape needs at least one value symbol");
    }
  }

  // ------------------------------------------------------------------ factories

  /** Symbols (and values) 0..p.length−1 with probabilities proportional to p, precision 16. */
  public static Cdf fromProbabilities(double[] p) {
    return fromProbabilities(p, DEFAULT_PRECISION);
  }

  /** Symbols (and values) 0..p.length−1 with probabilities proportional to p. */
  public static Cdf fromProbabilities(double[] p, int precision) {
    return new Cdf(precision, cumulative(quantise(p, precision)), 0, false);
  }

  /**
   * Values minValue..minValue+pmf.length−1 with probabilities pmf, and the masses below and above that
   * range (for example a learned factorised prior evaluated on its bins) handled as {@code tails}
   * says. All masses are normalised by their sum.
   */
  public static Cdf forIntegers(double[] pmf, double lowerTail, double upperTail, long minValue, Tails tails,
      int precision) {
    if (pmf.length == 0) {
      throw new IllegalArgumentException("empty pmf");
    }
    checkProbability(lowerTail);
    checkProbability(upperTail);
    if (tails == Tails.FOLD) {
      double[] p = pmf.clone();
      p[0] += lowerTail;
      p[p.length - 1] += upperTail;
      return new Cdf(precision, cumulative(quantise(p, precision)), minValue, false);
    }
    double[] p = Arrays.copyOf(pmf, pmf.length + 1);
    p[pmf.length] = lowerTail + upperTail;
    return new Cdf(precision, cumulative(quantise(p, precision)), minValue, true);
  }

  /**
   * A table given by its integer frequencies, for tables computed once and shipped (see
   * {@link #frequencies()}). The frequencies must each be ≥ 1 and sum to a power of two ≤ 2^16; with
   * {@code escape} the last one is the escape symbol's.
   */
  public static Cdf fromFrequencies(int[] frequencies, long minValue, boolean escape) {
    if (frequencies.length == 0) {
      throw new IllegalArgumentException("no frequencies");
    }
    long sum = 0;
    for (int f : frequencies) {
      if (f < 1) {
        throw new IllegalArgumentException("frequency < 1: " + f);
      }
      sum += f;
    }
    if (sum > (1L << MAX_PRECISION) || Long.bitCount(sum) != 1) {
      throw new IllegalArgumentException("frequencies must sum to a power of two ≤ 2^16, not " + sum);
    }
    int precision = Long.numberOfTrailingZeros(sum);
    if (precision == 0) {
      throw new IllegalArgumentException("a single symbol of frequency 1 is not a distribution");
    }
    return new Cdf(precision, cumulative(frequencies), minValue, escape);
  }

  /** n equally likely symbols (frequencies differ by at most one when n is not a power of two). */
  public static Cdf uniform(int n) {
    if (n < 1 || n > (1 << MAX_PRECISION)) {
      throw new IllegalArgumentException("uniform alphabet of " + n);
    }
    int total = 1 << MAX_PRECISION;
    int[] f = new int[n];
    for (int i = 0; i < n; i++) {
      // Spread the remainder evenly and deterministically.
      f[i] = (int) ((long) (i + 1) * total / n - (long) i * total / n);
    }
    return new Cdf(MAX_PRECISION, cumulative(f), 0, false);
  }

  /** The discretised Gaussian N(mean, scale²) on [minSymbol, maxSymbol], tails folded, precision 16. */
  public static Cdf discretisedGaussian(double mean, double scale, int minSymbol, int maxSymbol) {
    return discretisedGaussian(mean, scale, minSymbol, maxSymbol, Tails.FOLD, DEFAULT_PRECISION);
  }

  /** The discretised Gaussian N(mean, scale²) on [minSymbol, maxSymbol]. */
  public static Cdf discretisedGaussian(double mean, double scale, int minSymbol, int maxSymbol, Tails tails,
      int precision) {
    return discretised(Distributions.Shape.GAUSSIAN, mean, scale, minSymbol, maxSymbol, tails, precision);
  }

  /** The discretised logistic (location mean, scale s: CDF 1/(1+e^(−(x−μ)/s))), tails folded, precision 16. */
  public static Cdf discretisedLogistic(double mean, double scale, int minSymbol, int maxSymbol) {
    return discretisedLogistic(mean, scale, minSymbol, maxSymbol, Tails.FOLD, DEFAULT_PRECISION);
  }

  /** The discretised logistic (location mean, scale s: CDF 1/(1+e^(−(x−μ)/s))). */
  public static Cdf discretisedLogistic(double mean, double scale, int minSymbol, int maxSymbol, Tails tails,
      int precision) {
    return discretised(Distributions.Shape.LOGISTIC, mean, scale, minSymbol, maxSymbol, tails, precision);
  }

  /** The discretised Laplace (location mean, scale b: density e^(−|x−μ|/b)/(2b)). */
  public static Cdf discretisedLaplace(double mean, double scale, int minSymbol, int maxSymbol, Tails tails,
      int precision) {
    return discretised(Distributions.Shape.LAPLACE, mean, scale, minSymbol, maxSymbol, tails, precision);
  }

  private static Cdf discretised(Distributions.Shape shape, double mean, double scale, int minSymbol, int maxSymbol,
      Tails tails, int precision) {
    double[] bt = Distributions.binsAndTails(shape, mean, scale, minSymbol, maxSymbol);
    int n = maxSymbol - minSymbol + 1;
    return forIntegers(Arrays.copyOf(bt, n), bt[n], bt[n + 1], minSymbol, tails, precision);
  }

  // ------------------------------------------------------------------ accessors

  /** Number of symbols, the escape symbol included. */
  public int size() {
    return cum.length - 1;
  }

  /** log2 of the frequency total. */
  public int precision() {
    return precision;
  }

  /** 2^precision. */
  public int total() {
    return cum[cum.length - 1];
  }

  public boolean hasEscape() {
    return escape;
  }

  /** The escape symbol's index, or −1 without one. */
  public int escapeSymbol() {
    return escape ? size() - 1 : -1;
  }

  /** The value of symbol 0. */
  public long minValue() {
    return minValue;
  }

  /** The largest value with a symbol of its own. */
  public long maxValue() {
    return minValue + valueSymbols() - 1;
  }

  /** The number of symbols that stand for a value (size() minus the escape symbol). */
  public int valueSymbols() {
    return escape ? size() - 1 : size();
  }

  public int frequency(int symbol) {
    checkSymbol(symbol);
    return cum[symbol + 1] - cum[symbol];
  }

  /** Σ of the frequencies of the symbols before {@code symbol}. */
  public int cumulative(int symbol) {
    if (symbol < 0 || symbol > size()) {
      throw new IllegalArgumentException("symbol " + symbol + " outside 0.." + size());
    }
    return cum[symbol];
  }

  /** frequency / total. */
  public double probability(int symbol) {
    return frequency(symbol) / (double) total();
  }

  /** −log2(frequency / total): the ideal code length of the symbol under this table. */
  public double bits(int symbol) {
    return precision - StrictMath.log(frequency(symbol)) / StrictMath.log(2.0);
  }

  /** The symbol standing for {@code value}, or −1 if it has none (it needs the escape). */
  public int symbolOf(long value) {
    long s = value - minValue;
    // Overflow-safe range check: value ∈ [minValue, maxValue] iff the unsigned difference is small.
    return Long.compareUnsigned(s, valueSymbols()) < 0 ? (int) s : -1;
  }

  /**
   * Ideal code length in bits of {@code value} as {@link RangeEncoder#encodeInteger} codes it: the
   * symbol's −log2 probability, plus, for an escaped value, 1 side bit and the Elias-gamma length of its
   * distance past the range. Infinite for a value this table cannot code.
   */
  public double codeLength(long value) {
    int s = symbolOf(value);
    if (s >= 0) {
      return bits(s);
    }
    if (!escape) {
      return Double.POSITIVE_INFINITY;
    }
    return bits(escapeSymbol()) + Escape.rawBits(value, minValue, maxValue());
  }

  /** A copy of the frequencies (the escape symbol's last), enough with minValue and hasEscape to rebuild. */
  public int[] frequencies() {
    int[] f = new int[size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = cum[i + 1] - cum[i];
    }
    return f;
  }

  /** The symbol s with cum[s] ≤ target &lt; cum[s+1]; target must be in [0, total). */
  int find(int target) {
    int lo = 0;
    int hi = cum.length - 1; // cum[lo] ≤ target < cum[hi]
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] <= target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void checkSymbol(int symbol) {
    if (symbol < 0 || symbol >= size()) {
      throw new IllegalArgumentException("symbol " + symbol + " outside 0.." + (size() - 1));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cdf c && c.precision == precision && c.minValue == minValue && c.escape == escape
        && Arrays.equals(c.cum, cum);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(cum) * 31 + Long.hashCode(minValue)) * 31 + (escape ? 1 : 0) + precision;
  }

  @Override
  public String toString() {
    return "Cdf[size=" + size() + ", precision=" + precision + ", values=" + minValue + ".." + maxValue()
        + (escape ? ", escape" : "") + "]";
  }

  // ------------------------------------------------------------------ quantisation

  private static void checkProbability(double p) {
    if (!(p >= 0) || Double.isInfinite(p)) {
      throw new IllegalArgumentException("probability must be finite and ≥ 0: " + p);
    }
  }

  private static int[] cumulative(int[] f) {
    int[] c = new int[f.length + 1];
    for (int i = 0; i < f.length; i++) {
      c[i + 1] = c[i] + f[i];
    }
    return c;
  }

  /** The quantisation rule of the class doc. */
  static int[] quantise(double[] p, int precision) {
    if (precision < 1 || precision > MAX_PRECISION) {
      throw new IllegalArgumentException("precision must be in 1..16: " + precision);
    }
    int n = p.length;
    int total = 1 << precision;
    if (n == 0 || n > total) {
      throw new IllegalArgumentException(n + " symbols do not fit precision " + precision);
    }
    double sum = 0;
    for (double x : p) {
      checkProbability(x);
      sum += x;
    }
    if (!(sum > 0) || Double.isInfinite(sum)) {
      throw new IllegalArgumentException("probabilities must have a finite positive sum: " + sum);
    }
    double[] q = new double[n];
    int[] f = new int[n];
    long assigned = 0;
    for (int i = 0; i < n; i++) {
      q[i] = p[i] / sum;
      double x = q[i] * total;
      f[i] = (int) Math.max(1L, (long) StrictMath.floor(x + 0.5));
      assigned += f[i];
    }
    long diff = total - assigned;
    if (diff == 0) {
      return f;
    }
    // key[i]: the gain of adding one (diff > 0) or the cost of removing one (diff < 0) at symbol i.
    boolean add = diff > 0;
    double[] key = new double[n];
    PriorityQueue<Integer> heap = new PriorityQueue<>(n, (a, b) -> {
      int c = add ? Double.compare(key[b], key[a]) : Double.compare(key[a], key[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    for (int i = 0; i < n; i++) {
      if (add || f[i] > 1) {
        key[i] = add ? gain(q[i], f[i]) : loss(q[i], f[i]);
        heap.add(i);
      }
    }
    for (; diff != 0; diff += add ? -1 : 1) {
      int i = heap.poll();
      f[i] += add ? 1 : -1;
      if (add || f[i] > 1) {
        key[i] = add ? gain(q[i], f[i]) : loss(q[i], f[i]);
        heap.add(i);
      }
    }
    return f;
  }

  /** Expected saving (nats) of raising a frequency by one. */
  private static double gain(double q, int f) {
    return q * StrictMath.log((f + 1.0) / f);
  }

  /** Expected cost (nats) of lowering a frequency by one. */
  private static double loss(double q, int f) {
    return q * StrictMath.log(f / (f - 1.0));
  }
}
