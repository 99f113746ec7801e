package io.semstream.codecs.entropy;

/**
 * The prior for quantised model-delta integers k = round(Δ/w): a spike at zero and a two-sided
 * geometric slab (the discretised Laplace conditioned on k ≠ 0).
 *
 * <h2>Model</h2>
 * With π the zero probability, b the slab's scale and q = e^(−1/b):
 * <pre>
 *   P(0)            = π
 *   P(k), 1≤|k|≤K   = (1 − π) · (1 − q)/2 · q^(|k|−1)
 *   P(escape)       = (1 − π) · q^K          (every |k| > K, then coded raw, see {@link Cdf#codeLength})
 * </pre>
 * This is exactly a Laplace density of scale b integrated over the bins [k − ½, k + ½] and renormalised
 * over k ≠ 0, so −log2 P(k) = −log2((1−π)(1−q)/2) + (|k|−1)·log2(e)/b for k ≠ 0: linear in |k|, an L1
 * penalty that rate-aware fine-tuning can use directly (with a relaxed |Δ/w|).
 *
 * <h2>Parameters (on a grid, so a 40-bit header carries them exactly)</h2>
 * <ul>
 *   <li>π = piQ / 65536, piQ ∈ [1, 65535] (16 bits);</li>
 *   <li>b = 2^((scaleIndex − 64)/16), scaleIndex ∈ [0, 255] (8 bits): b from 1/16 to about 3900, steps of
 *       4.4 %;</li>
 *   <li>K ∈ [1, 32766] (16 bits), the largest magnitude with a symbol of its own.</li>
 * </ul>
 * {@link #fit} picks them by maximum likelihood: π = share of zeros, b from the mean nonzero magnitude
 * m̄ (q = 1 − 1/m̄), each rounded to its grid, and K the largest magnitude whose symbol would still
 * get a frequency of about one unit or more at 16-bit precision (capped at 4095), so the table spends
 * no mass on symbols it cannot price.
 *
 * <h2>Stream</h2>
 * {@link #encode} writes the header (piQ: 16 bits, scaleIndex: 8, K: 16, as raw bits) and then every
 * value with {@link RangeEncoder#encodeInteger} under {@link #cdf()}. The value count is not in the
 * stream: the receiver knows it from the parameter subset the delta updates.
 */
public final class SpikeAndSlab {
  /** Size of the parameter header at the start of an {@link #encode}d stream. */
  public static final int HEADER_BITS = 40;
  public static final int MAX_MAGNITUDE = 32766;
  private static final int FIT_MAX_MAGNITUDE = 4095;

  private final int piQ;
  private final int scaleIndex;
  private final int maxMagnitude;
  private final double q;
  private final Cdf cdf;

  /** A prior given by its grid parameters (see class doc). */
  public SpikeAndSlab(int piQ, int scaleIndex, int maxMagnitude) {
    if (piQ < 1 || piQ > 65535 || scaleIndex < 0 || scaleIndex > 255 || maxMagnitude < 1
        || maxMagnitude > MAX_MAGNITUDE) {
      throw new IllegalArgumentException("spike-and-slab parameters out of range: piQ=" + piQ + ", scaleIndex="
          + scaleIndex + ", K=" + maxMagnitude);
    }
    this.piQ = piQ;
    this.scaleIndex = scaleIndex;
    this.maxMagnitude = maxMagnitude;
    this.q = StrictMath.exp(-1.0 / scaleOf(scaleIndex));
    double pi = piQ / 65536.0;
    double slab = (1 - pi) * (1 - q) / 2;
    double[] p = new double[2 * maxMagnitude + 2];
    p[maxMagnitude] = pi;
    for (int m = 1; m <= maxMagnitude; m++) {
      double pm = slab * StrictMath.exp(-(m - 1) / scaleOf(scaleIndex));
      p[maxMagnitude + m] = pm;
      p[maxMagnitude - m] = pm;
    }
    p[2 * maxMagnitude + 1] = (1 - pi) * StrictMath.exp(-maxMagnitude / scaleOf(scaleIndex));
    this.cdf = Cdf.forIntegers(java.util.Arrays.copyOf(p, 2 * maxMagnitude + 1), 0, p[2 * maxMagnitude + 1],
        -maxMagnitude, Cdf.Tails.ESCAPE, Cdf.DEFAULT_PRECISION);
  }

  /** The prior with the grid parameters nearest to π, b and K. */
  public static SpikeAndSlab of(double pi, double scale, int maxMagnitude) {
    if (!(pi > 0 && pi < 1) || !(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("need 0 < π < 1 and a finite scale > 0: " + pi + ", " + scale);
    }
    int pq = (int) Math.max(1, Math.min(65535, StrictMath.floor(pi * 65536 + 0.5)));
    return new SpikeAndSlab(pq, scaleIndexOf(scale), maxMagnitude);
  }

  /** The maximum-likelihood prior for {@code values} (see class doc). */
  public static SpikeAndSlab fit(int[] values) {
    long zeros = 0;
    double magnitudeSum = 0;
    for (int v : values) {
      if (v == 0) {
        zeros++;
      } else {
        magnitudeSum += Math.abs((double) v);
      }
    }
    long nonzero = values.length - zeros;
    double pi = values.length == 0 ? 0.5 : zeros / (double) values.length;
    int pq = (int) Math.max(1, Math.min(65535, StrictMath.floor(pi * 65536 + 0.5)));
    int si;
    if (nonzero == 0) {
      si = 0;
    } else {
      double mean = magnitudeSum / nonzero;
      double qHat = 1 - 1 / mean;
      si = qHat <= 0 ? 0 : scaleIndexOf(-1 / StrictMath.log(qHat));
    }
    // Largest K with (1−π)(1−q)/2 · q^(K−1) ≥ 2^−16.
    double qq = StrictMath.exp(-1.0 / scaleOf(si));
    double slab = (1 - pq / 65536.0) * (1 - qq) / 2;
    int k = 1;
    if (slab * 65536 > 1) {
      double kk = 1 + StrictMath.log(1 / (slab * 65536)) / StrictMath.log(qq);
      k = (int) Math.max(1, Math.min(FIT_MAX_MAGNITUDE, StrictMath.floor(kk)));
    }
    return new SpikeAndSlab(pq, si, k);
  }

  private static double scaleOf(int scaleIndex) {
    return StrictMath.pow(2.0, (scaleIndex - 64) / 16.0);
  }

  private static int scaleIndexOf(double scale) {
    double idx = StrictMath.floor(16 * StrictMath.log(scale) / StrictMath.log(2.0) + 64 + 0.5);
    return (int) Math.max(0, Math.min(255, idx));
  }

  public int piQ() {
    return piQ;
  }

  public int scaleIndex() {
    return scaleIndex;
  }

  /** π = piQ / 65536. */
  public double pi() {
    return piQ / 65536.0;
  }

  /** b = 2^((scaleIndex − 64)/16). */
  public double scale() {
    return scaleOf(scaleIndex);
  }

  /** K. */
  public int maxMagnitude() {
    return maxMagnitude;
  }

  /** The quantised table: values −K..K plus escape. */
  public Cdf cdf() {
    return cdf;
  }

  /** −log2 P(k) under the unquantised model (class doc), for comparison with the coded size. */
  public double modelBits(long k) {
    double log2e = 1 / StrictMath.log(2.0);
    double pi = pi();
    if (k == 0) {
      return -StrictMath.log(pi) * log2e;
    }
    double m = Math.abs((double) k);
    double base = -StrictMath.log((1 - pi) * (1 - q) / 2) * log2e;
    if (m <= maxMagnitude) {
      return base + (m - 1) * log2e / scale();
    }
    return -StrictMath.log((1 - pi) * StrictMath.exp(-maxMagnitude / scale())) * log2e
        + Escape.rawBits(k, -maxMagnitude, maxMagnitude);
  }

  /** Ideal size of {@link #encode}(values) in bits under the quantised table, header included. */
  public double estimatedBits(int[] values) {
    double bits = HEADER_BITS;
    for (int v : values) {
      bits += cdf.codeLength(v);
    }
    return bits;
  }

  /** Writes the 40-bit parameter header. */
  public void writeHeader(RangeEncoder enc) {
    enc.encodeBits(piQ, 16);
    enc.encodeBits(scaleIndex, 8);
    enc.encodeBits(maxMagnitude, 16);
  }

  /** Reads a header written by {@link #writeHeader}. */
  public static SpikeAndSlab readHeader(RangeDecoder dec) {
    int pq = dec.decodeBits(16);
    int si = dec.decodeBits(8);
    int k = dec.decodeBits(16);
    if (pq < 1 || k < 1 || k > MAX_MAGNITUDE) {
      throw new EntropyCodingException("bad spike-and-slab header: piQ=" + pq + ", K=" + k);
    }
    return new SpikeAndSlab(pq, si, k);
  }

  /** Header, then every value under {@link #cdf()}. */
  public byte[] encode(int[] values) {
    RangeEncoder enc = new RangeEncoder(values.length / 4 + 16);
    writeHeader(enc);
    for (int v : values) {
      enc.encodeInteger(v, cdf);
    }
    return enc.finish();
  }

  /** Fits the prior to {@code values} and encodes them with it. */
  public static byte[] fitAndEncode(int[] values) {
    return fit(values).encode(values);
  }

  /**
   * Decodes {@code count} values from a stream written by {@link #encode}.
   *
   * @throws EntropyCodingException if the stream is malformed or does not end after count values
   */
  public static int[] decode(byte[] data, int count) {
    RangeDecoder dec = new RangeDecoder(data);
    SpikeAndSlab prior = readHeader(dec);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = EntropyCoding.toInt(dec.decodeInteger(prior.cdf));
    }
    dec.finish();
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpikeAndSlab s && s.piQ == piQ && s.scaleIndex == scaleIndex
        && s.maxMagnitude == maxMagnitude;
  }

  @Override
  public int hashCode() {
    return (piQ * 256 + scaleIndex) * 31 + maxMagnitude;
  }

  @Override
  public String toString() {
    return String.format("SpikeAndSlab[pi=%.5f, b=%.4g, K=%d]", pi(), scale(), maxMagnitude);
  }
}
