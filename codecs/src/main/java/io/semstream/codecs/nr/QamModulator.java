package io.semstream.codecs.nr;

/**
 * QPSK, 16QAM, 64QAM and 256QAM with the Gray mapping of TS 38.211 §5.1.3–5.1.6, at unit average power,
 * and max-log soft demapping.
 *
 * <p>38.211 maps the even bits b0, b2, ... of a symbol to I and the odd bits b1, b3, ... to Q, each axis
 * by the same reflected Gray rule; for 64QAM, for example,
 * I = (1 − 2b0)[4 − (1 − 2b2)[2 − (1 − 2b4)]] / √42. So the two axes are independent PAMs and the
 * demapper works per axis.
 *
 * <p>LLRs are log P(b = 0 | y) / P(b = 1 | y), positive for 0. Max-log: with complex noise CN(0, N0) the
 * likelihood of a point x is ∝ exp(−|y − x|² / N0), so per axis
 * LLR = (min over points with b = 1 of (y − x)² − min over points with b = 0 of (y − x)²) / N0.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class QamModulator {
  public static final QamModulator QPSK = new QamModulator(2, "QPSK");
  public static final QamModulator QAM16 = new QamModulator(4, "16QAM");
  public static final QamModulator QAM64 = new QamModulator(6, "64QAM");
  public static final QamModulator QAM256 = new QamModulator(8, "256QAM");

  /** Smallest noise variance used, so an infinite SNR gives large finite LLRs rather than NaN. */
  private static final double MIN_N0 = 1e-12;

  private final int qm;
  private final String name;
  /** Bits per axis. */
  private final int m;
  /**
   * Axis amplitude of each m-bit label u0..u(m−1) (u0 the top bit), scaled to unit average complex
   * power.
   */
  private final double[] levels;

  private QamModulator(int qm, String name) {
    this.qm = qm;
    this.name = name;
    this.m = qm / 2;
    int count = 1 << m;
    double scale = 1.0 / Math.sqrt(2.0 * ((double) count * count - 1) / 3.0); // 1/√2, 1/√10, 1/√42, 1/√170
    levels = new double[count];
    for (int label = 0; label < count; label++) {
      levels[label] = axisAmplitude(label) * scale;
    }
  }

  /**
   * The 38.211 axis amplitude (unscaled) of an m-bit label u0..u(m−1), u0 the top bit:
   * s0·(2^(m−1) − s1·(2^(m−2) − ... − s(m−1))) with s_j = 1 − 2u_j.
   */
  private double axisAmplitude(int label) {
    double acc = 1;
    for (int j = m - 1; j >= 1; j--) {
      acc = (1 << (m - j)) - (1 - 2 * bitU(label, j)) * acc;
    }
    return (1 - 2 * bitU(label, 0)) * acc;
  }

  /** u_j of an m-bit label (u0 = top bit). */
  private int bitU(int label, int j) {
    return (label >>> (m - 1 - j)) & 1;
  }

  public static QamModulator of(int bitsPerSymbol) {
    switch (bitsPerSymbol) {
      case 2: return QPSK;
      case 4: return QAM16;
      case 6: return QAM64;
      case 8: return QAM256;
      default: throw new IllegalArgumentException("QAM orders are 2, 4, 6 or 8 bits per symbol, got " + bitsPerSymbol);
    }
  }

  /** "QPSK", "16QAM", "64QAM", "256QAM" (the names {@code CqiTable.modulation} uses). */
  public static QamModulator named(String name) {
    for (QamModulator q : new QamModulator[] {QPSK, QAM16, QAM64, QAM256}) {
      if (q.name.equalsIgnoreCase(name)) {
        return q;
      }
    }
    throw new IllegalArgumentException("unknown modulation '" + name + "'; known: QPSK, 16QAM, 64QAM, 256QAM");
  }

  public int bitsPerSymbol() {
    return qm;
  }

  public String name() {
    return name;
  }

  /** The constellation point of Qm bits b0..b(Qm−1) starting at bits[off], as {I, Q}. */
  public double[] point(byte[] bits, int off) {
    return new double[] {levels[axisLabel(bits, off, 0)], levels[axisLabel(bits, off, 1)]};
  }

  private int axisLabel(byte[] bits, int off, int axis) {
    int label = 0;
    for (int j = 0; j < m; j++) {
      label = (label << 1) | (bits[off + 2 * j + axis] & 1);
    }
    return label;
  }

  /** Bits (one per byte, a multiple of Qm of them) to interleaved I/Q symbols. */
  public float[] modulate(byte[] bits) {
    if (bits.length % qm != 0) {
      throw new IllegalArgumentException(name + " takes bits in groups of " + qm + ", got " + bits.length);
    }
    int symbols = bits.length / qm;
    float[] iq = new float[2 * symbols];
    for (int s = 0; s < symbols; s++) {
      int off = s * qm;
      iq[2 * s] = (float) levels[axisLabel(bits, off, 0)];
      iq[2 * s + 1] = (float) levels[axisLabel(bits, off, 1)];
    }
    return iq;
  }

  /** Max-log LLRs over AWGN with noise CN(0, n0): Qm per symbol, in bit order. */
  public float[] demapAwgn(float[] iq, double n0) {
    checkIq(iq);
    float[] llr = new float[iq.length / 2 * qm];
    double inv = 1.0 / Math.max(n0, MIN_N0);
    for (int s = 0; s < iq.length / 2; s++) {
      axisLlr(iq[2 * s], inv, llr, s * qm, 0);
      axisLlr(iq[2 * s + 1], inv, llr, s * qm, 1);
    }
    return llr;
  }

  /**
   * Max-log LLRs of symbols z = x + w already equalised to unit gain, w ~ CN(0, noiseVariance[k]) on
   * symbol k (the effective noise after equalisation).
   */
  public float[] demap(float[] iq, double[] noiseVariance) {
    checkIq(iq);
    if (noiseVariance.length != iq.length / 2) {
      throw new IllegalArgumentException(noiseVariance.length + " noise variances for " + iq.length / 2 + " symbols");
    }
    float[] llr = new float[iq.length / 2 * qm];
    for (int s = 0; s < iq.length / 2; s++) {
      double inv = 1.0 / Math.max(noiseVariance[s], MIN_N0);
      axisLlr(iq[2 * s], inv, llr, s * qm, 0);
      axisLlr(iq[2 * s + 1], inv, llr, s * qm, 1);
    }
    return llr;
  }

  /**
   * Rayleigh with CSI, from the raw received y = h·x + n (n ~ CN(0, n0)) and the gains h: zero-forcing
   * z = y / h = x + n / h is a sufficient statistic with noise variance n0 / |h|², so
   * LLR = |h|² · (per-axis distance difference of z) / n0.
   */
  public float[] demapWithGains(float[] y, float[] gains, double n0) {
    checkIq(y);
    checkGains(y, gains);
    int n = y.length / 2;
    float[] z = new float[y.length];
    double[] var = new double[n];
    for (int k = 0; k < n; k++) {
      double hr = gains[2 * k];
      double hi = gains[2 * k + 1];
      double p = hr * hr + hi * hi;
      if (p <= 0) {
        var[k] = Double.POSITIVE_INFINITY; // no information: LLR 0
        continue;
      }
      double yr = y[2 * k];
      double yi = y[2 * k + 1];
      z[2 * k] = (float) ((hr * yr + hi * yi) / p);
      z[2 * k + 1] = (float) ((hr * yi - hi * yr) / p);
      var[k] = n0 / p;
    }
    return demapInfinite(z, var);
  }

  /**
   * Rayleigh with CSI, from MMSE-equalised symbols ŷ = h*·y / (|h|² + n0) (what
   * {@code ChannelSimulator} delivers when the receiver knows h) and the gains h. ŷ is biased:
   * ŷ = β·x + noise with β = |h|² / (|h|² + n0); ŷ / β = x + n / h, the zero-forcing statistic with
   * noise variance n0 / |h|², so the LLRs equal those of {@link #demapWithGains}.
   */
  public float[] demapMmse(float[] equalised, float[] gains, double n0) {
    checkIq(equalised);
    checkGains(equalised, gains);
    int n = equalised.length / 2;
    double n0c = Math.max(n0, MIN_N0);
    float[] z = new float[equalised.length];
    double[] var = new double[n];
    for (int k = 0; k < n; k++) {
      double hr = gains[2 * k];
      double hi = gains[2 * k + 1];
      double p = hr * hr + hi * hi;
      if (p <= 0) {
        var[k] = Double.POSITIVE_INFINITY;
        continue;
      }
      double unbias = (p + n0c) / p;
      z[2 * k] = (float) (equalised[2 * k] * unbias);
      z[2 * k + 1] = (float) (equalised[2 * k + 1] * unbias);
      var[k] = n0c / p;
    }
    return demapInfinite(z, var);
  }

  private float[] demapInfinite(float[] z, double[] var) {
    float[] llr = new float[z.length / 2 * qm];
    for (int s = 0; s < z.length / 2; s++) {
      if (Double.isInfinite(var[s])) {
        continue; // zeros
      }
      double inv = 1.0 / Math.max(var[s], MIN_N0);
      axisLlr(z[2 * s], inv, llr, s * qm, 0);
      axisLlr(z[2 * s + 1], inv, llr, s * qm, 1);
    }
    return llr;
  }

  /** Hard decisions from LLRs: 1 where the LLR is negative. */
  public static byte[] hardDecision(float[] llr) {
    byte[] bits = new byte[llr.length];
    for (int i = 0; i < llr.length; i++) {
      bits[i] = (byte) (llr[i] < 0 ? 1 : 0);
    }
    return bits;
  }

  /** Writes the m LLRs of one axis (axis 0 = I → bits 0, 2, ...; axis 1 = Q → bits 1, 3, ...). */
  private void axisLlr(double y, double invN0, float[] out, int off, int axis) {
    int count = levels.length;
    for (int j = 0; j < m; j++) {
      double min0 = Double.MAX_VALUE;
      double min1 = Double.MAX_VALUE;
      int shift = m - 1 - j;
      for (int label = 0; label < count; label++) {
        double d = y - levels[label];
        double d2 = d * d;
        if (((label >>> shift) & 1) == 0) {
          if (d2 < min0) {
            min0 = d2;
          }
        } else if (d2 < min1) {
          min1 = d2;
        }
      }
      out[off + 2 * j + axis] = (float) ((min1 - min0) * invN0);
    }
  }

  private static void checkIq(float[] iq) {
    if (iq.length % 2 != 0) {
      throw new IllegalArgumentException("interleaved I/Q needs an even number of floats, got " + iq.length);
    }
  }

  private static void checkGains(float[] iq, float[] gains) {
    if (gains == null || gains.length != iq.length) {
      throw new IllegalArgumentException("need one complex gain per symbol: " + (gains == null ? "none" : gains.length / 2)
          + " gains for " + iq.length / 2 + " symbols");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
