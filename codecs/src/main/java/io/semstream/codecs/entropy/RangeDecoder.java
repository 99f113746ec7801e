package io.semstream.codecs.entropy;

/**
 * Decodes what {@link RangeEncoder} wrote; every decode call must mirror the encoder's call with the
 * same table (or bit count), in the same order.
 *
 * <p>The decoder keeps code = (number formed by the input bytes) − low, 0 ≤ code &lt; range, which
 * holds for any input, so decoding arbitrary bytes never loops and never reads outside the array:
 * bytes past the end read as zero (the encoder drops trailing zeros). Malformed input shows as an
 * {@link EntropyCodingException} when a coded value points at the table's unused top slice, when an
 * escape is malformed, or when {@link #finish()} finds the stream does not end where it should;
 * otherwise it decodes silently to wrong symbols (see {@link EntropyCodingException}). Always call
 * {@link #finish()} after the last symbol.
 */
public final class RangeDecoder {
  private final byte[] data;
  private final int end;
  private int pos;
  /** Bytes consumed, past the end included. */
  private long consumed;
  private long range = RangeEncoder.TOP;
  private long code;
  /** The last 7 bytes read, as a 56-bit number. */
  private long window;

  public RangeDecoder(byte[] data) {
    this(data, 0, data.length);
  }

  /** Decodes {@code data[offset, offset + length)}. The array is not copied; don't change it meanwhile. */
  public RangeDecoder(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
    }
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
    for (int i = 0; i < 7; i++) {
      code = (code << 8) | next();
    }
  }

  private int next() {
    consumed++;
    int b = pos < end ? data[pos++] & 0xFF : 0;
    window = ((window << 8) | b) & RangeEncoder.MASK;
    return b;
  }

  /** Decodes a symbol index coded with {@link RangeEncoder#encode} under the same table. */
  public int decode(Cdf cdf) {
    long r = range >>> cdf.precision;
    long target = code / r;
    int[] cum = cdf.cum;
    if (target >= cum[cum.length - 1]) {
      throw new EntropyCodingException("corrupt stream: code points past the table's total");
    }
    int s = cdf.find((int) target);
    code -= r * cum[s];
    range = r * (cum[s + 1] - cum[s]);
    normalise();
    return s;
  }

  /** Decodes a value coded with {@link RangeEncoder#encodeInteger} under the same table. */
  public long decodeInteger(Cdf cdf) {
    int s = decode(cdf);
    if (cdf.hasEscape() && s == cdf.escapeSymbol()) {
      return Escape.decode(this, cdf.minValue(), cdf.maxValue());
    }
    return cdf.minValue() + s;
  }

  /** Decodes {@code nbits} (0..16) equiprobable bits coded with {@link RangeEncoder#encodeBits}. */
  public int decodeBits(int nbits) {
    if (nbits < 0 || nbits > 16) {
      throw new IllegalArgumentException("nbits must be in 0..16: " + nbits);
    }
    if (nbits == 0) {
      return 0;
    }
    long r = range >>> nbits;
    long v = code / r;
    if (v >= (1L << nbits)) {
      throw new EntropyCodingException("corrupt stream: raw bits point past their range");
    }
    code -= r * v;
    range = r;
    normalise();
    return (int) v;
  }

  /** Decodes {@code nbits} (0..64) bits coded with {@link RangeEncoder#encodeLongBits}. */
  public long decodeLongBits(int nbits) {
    if (nbits < 0 || nbits > 64) {
      throw new IllegalArgumentException("nbits must be in 0..64: " + nbits);
    }
    long v = 0;
    int remaining = nbits;
    while (remaining > 0) {
      int chunk = Math.min(16, remaining);
      remaining -= chunk;
      v = (v << chunk) | decodeBits(chunk);
    }
    return v;
  }

  private void normalise() {
    while (range < RangeEncoder.BOTTOM) {
      code = (code << 8) | next();
      range <<= 8;
    }
  }

  /**
   * Checks that the stream ends exactly as the encoder ends one after the same calls: no byte left
   * unread, and the last bytes read being the terminator {@link RangeEncoder#finish()} writes for the
   * final interval (the decoder knows that interval: its low end is the last 7 bytes read minus code).
   * This catches a wrong symbol count, bytes appended or cut off, and a corrupt stream with
   * probability about 255/256 (a free one-byte check), but it is not a checksum.
   *
   * @throws EntropyCodingException if the stream does not end here
   */
  public void finish() {
    long unread = end - pos;
    if (unread > 0) {
      throw new EntropyCodingException(unread + " byte(s) left after the last symbol");
    }
    long low = (window - code) & RangeEncoder.MASK;
    if ((RangeEncoder.terminator(low, range) & RangeEncoder.MASK) != window) {
      throw new EntropyCodingException("the stream does not end where its last symbol does");
    }
  }

  /** Bytes of input read so far (including zero bytes read past the end). */
  public long bytesConsumed() {
    return consumed;
  }
}
