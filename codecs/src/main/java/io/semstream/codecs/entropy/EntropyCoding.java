package io.semstream.codecs.entropy;

/**
 * One-call coding of integer arrays (quantised latents, hyperprior z, rate levels) with one table per
 * element, and the matching rate estimates.
 *
 * <p>Streams are plain {@link RangeEncoder} output, values coded with
 * {@link RangeEncoder#encodeInteger} (so tables with an escape symbol take any int). The element count
 * is not stored: the decoder gets it from the tables it is given. Decoding checks that the stream ends
 * where the last value does.
 *
 * <p>Rates: {@link #estimatedBits} is Σ −log2 p under the quantised tables actually used (the coded
 * size is within 2 bytes above it); {@link #gaussianBits} is the same sum under the unquantised
 * discretised Gaussian, what a training-time rate term computes, so the two can be compared.
 */
public final class EntropyCoding {
  private EntropyCoding() {}

  /** Codes values[i] under cdfs[i]. */
  public static byte[] encode(int[] values, Cdf[] cdfs) {
    checkLengths(values.length, cdfs.length);
    RangeEncoder enc = new RangeEncoder(values.length / 2 + 16);
    for (int i = 0; i < values.length; i++) {
      enc.encodeInteger(values[i], cdfs[i]);
    }
    return enc.finish();
  }

  /** Codes every value under the same table. */
  public static byte[] encode(int[] values, Cdf cdf) {
    RangeEncoder enc = new RangeEncoder(values.length / 2 + 16);
    for (int v : values) {
      enc.encodeInteger(v, cdf);
    }
    return enc.finish();
  }

  /** Decodes cdfs.length values, value i under cdfs[i]. */
  public static int[] decode(byte[] data, Cdf[] cdfs) {
    RangeDecoder dec = new RangeDecoder(data);
    int[] out = new int[cdfs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = toInt(dec.decodeInteger(cdfs[i]));
    }
    dec.finish();
    return out;
  }

  /** Decodes {@code count} values, all under the same table. */
  public static int[] decode(byte[] data, Cdf cdf, int count) {
    RangeDecoder dec = new RangeDecoder(data);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = toInt(dec.decodeInteger(cdf));
    }
    dec.finish();
    return out;
  }

  /** Codes values[i] under {@code table.cdf(indexes[i])}. */
  public static byte[] encode(int[] values, int[] indexes, GaussianScaleTable table) {
    checkLengths(values.length, indexes.length);
    RangeEncoder enc = new RangeEncoder(values.length / 2 + 16);
    for (int i = 0; i < values.length; i++) {
      enc.encodeInteger(values[i], table.cdf(indexes[i]));
    }
    return enc.finish();
  }

  /** Decodes indexes.length values, value i under {@code table.cdf(indexes[i])}. */
  public static int[] decode(byte[] data, int[] indexes, GaussianScaleTable table) {
    RangeDecoder dec = new RangeDecoder(data);
    int[] out = new int[indexes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = toInt(dec.decodeInteger(table.cdf(indexes[i])));
    }
    dec.finish();
    return out;
  }

  /** Σ −log2 p(values[i]) under cdfs[i], escapes priced as coded; infinite if a value cannot be coded. */
  public static double estimatedBits(int[] values, Cdf[] cdfs) {
    checkLengths(values.length, cdfs.length);
    double bits = 0;
    for (int i = 0; i < values.length; i++) {
      bits += cdfs[i].codeLength(values[i]);
    }
    return bits;
  }

  /** Σ −log2 p(values[i]) under {@code table.cdf(indexes[i])}. */
  public static double estimatedBits(int[] values, int[] indexes, GaussianScaleTable table) {
    checkLengths(values.length, indexes.length);
    double bits = 0;
    for (int i = 0; i < values.length; i++) {
      bits += table.cdf(indexes[i]).codeLength(values[i]);
    }
    return bits;
  }

  /**
   * Σ −log2 P(values[i]) with P(k) = Φ((k+½−μ_i)/σ_i) − Φ((k−½−μ_i)/σ_i), the unquantised
   * discretised Gaussian likelihood a training loss uses; each P is floored at {@code minLikelihood}
   * (e.g. 1e−9) as such losses do. {@code means} may be null for zero means.
   */
  public static double gaussianBits(int[] values, float[] means, float[] scales, double minLikelihood) {
    checkLengths(values.length, scales.length);
    if (means != null) {
      checkLengths(values.length, means.length);
    }
    double bits = 0;
    double ln2 = StrictMath.log(2.0);
    for (int i = 0; i < values.length; i++) {
      double mu = means == null ? 0 : means[i];
      double s = scales[i];
      double p = Distributions.Shape.GAUSSIAN.interval((values[i] - 0.5 - mu) / s, (values[i] + 0.5 - mu) / s);
      bits -= StrictMath.log(Math.max(p, minLikelihood)) / ln2;
    }
    return bits;
  }

  static int toInt(long value) {
    if (value != (int) value) {
      throw new EntropyCodingException("decoded value " + value + " does not fit an int");
    }
    return (int) value;
  }

  private static void checkLengths(int values, int models) {
    if (values != models) {
      throw new IllegalArgumentException(values + " values but " + models + " tables");
    }
  }
}
