package io.semstream.codecs.entropy;

import java.util.Arrays;

/**
 * A byte-oriented range coder (arithmetic coding with a multiplicative range split and byte-wise
 * renormalisation, after G. N. N. Martin, "Range encoding", 1979, with the carry handled in the output
 * buffer). Not rANS: symbols are decoded in the order they were encoded, so the decoder can interleave
 * its own decisions (e.g. choose the next table from decoded values).
 *
 * <h2>State and format</h2>
 * The coder keeps a 56-bit interval [low, low + range) of the number 0.b₀b₁b₂… (base 256) formed by the
 * output bytes. To code a symbol of frequency f and cumulative frequency c under a table of total
 * 2^p: r = ⌊range / 2^p⌋, low += r·c, range = r·f. A carry out of bit 56 is added into the bytes
 * already written. While range &lt; 2^48 the top byte of low is written and low and range shift left
 * by 8 bits. Because range ≥ 2^48 before each split and p ≤ 16, r ≥ 2^32 and the truncation in r wastes
 * less than 2^−32 of the range (about 10^−9 bits per symbol): the coded size is the ideal −Σlog2(f/2^p)
 * plus at most 2 bytes for the whole stream.
 *
 * <p>{@link #finish()} picks the number in the final interval with the most trailing zero bits, writes
 * it, and drops all trailing zero bytes (the decoder reads missing bytes as zeros). So the empty stream
 * is zero bytes long, and a stream's length is not a function of its symbol count alone: framing (how
 * many symbols, where the bytes end) is the caller's business.
 *
 * <p>Not thread-safe. Raw bits ({@link #encodeBits}) and escapes ({@link #encodeInteger}) are coded in
 * the same stream.
 */
public final class RangeEncoder {
  static final long TOP = 1L << 56;
  static final long MASK = TOP - 1;
  static final long BOTTOM = 1L << 48;

  private long low;
  private long range = TOP;
  private byte[] buf;
  private int len;
  private byte[] result;

  public RangeEncoder() {
    this(64);
  }

  /** @param expectedBytes initial buffer capacity (the buffer grows as needed) */
  public RangeEncoder(int expectedBytes) {
    buf = new byte[Math.max(16, expectedBytes)];
  }

  /** Codes symbol index {@code symbol} (0..cdf.size()−1, the escape symbol included) under {@code cdf}. */
  public void encode(int symbol, Cdf cdf) {
    int[] cum = cdf.cum;
    if (symbol < 0 || symbol >= cum.length - 1) {
      throw new IllegalArgumentException("symbol " + symbol + " outside 0.." + (cum.length - 2));
    }
    encodeRange(cum[symbol], cum[symbol + 1] - cum[symbol], cdf.precision);
  }

  /**
   * Codes an integer value under {@code cdf}: a value in [cdf.minValue(), cdf.maxValue()] as its symbol,
   * anything else as the escape symbol followed by raw bits (see {@link Cdf#codeLength}).
   *
   * @throws IllegalArgumentException if the value is out of range and the table has no escape symbol
   */
  public void encodeInteger(long value, Cdf cdf) {
    int s = cdf.symbolOf(value);
    if (s >= 0) {
      encode(s, cdf);
      return;
    }
    if (!cdf.hasEscape()) {
      throw new IllegalArgumentException("value " + value + " outside [" + cdf.minValue() + ", " + cdf.maxValue()
          + "] and the table has no escape symbol");
    }
    encode(cdf.escapeSymbol(), cdf);
    Escape.encode(this, value, cdf.minValue(), cdf.maxValue());
  }

  /** Codes the low {@code nbits} (0..16) bits of {@code value} as equiprobable bits: exactly nbits bits. */
  public void encodeBits(int value, int nbits) {
    if (nbits < 0 || nbits > 16) {
      throw new IllegalArgumentException("nbits must be in 0..16: " + nbits);
    }
    if (nbits == 0) {
      return;
    }
    if ((value >>> nbits) != 0) {
      throw new IllegalArgumentException(value + " does not fit " + nbits + " bits");
    }
    encodeRange(value, 1, nbits);
  }

  /** Codes the low {@code nbits} (0..64) bits of {@code value}, most significant chunk first. */
  public void encodeLongBits(long value, int nbits) {
    if (nbits < 0 || nbits > 64) {
      throw new IllegalArgumentException("nbits must be in 0..64: " + nbits);
    }
    if (nbits < 64 && (value >>> nbits) != 0) {
      throw new IllegalArgumentException(value + " does not fit " + nbits + " bits");
    }
    int remaining = nbits;
    while (remaining > 0) {
      int chunk = Math.min(16, remaining);
      remaining -= chunk;
      encodeBits((int) ((value >>> remaining) & ((1L << chunk) - 1)), chunk);
    }
  }

  void encodeRange(int cumLow, int freq, int precision) {
    if (result != null) {
      throw new IllegalStateException("encoder already finished");
    }
    long r = range >>> precision;
    low += r * cumLow;
    range = r * freq;
    if (low >= TOP) {
      carry();
      low &= MASK;
    }
    while (range < BOTTOM) {
      put((int) (low >>> 48));
      low = (low << 8) & MASK;
      range <<= 8;
    }
  }

  private void carry() {
    int i = len - 1;
    while (i >= 0 && buf[i] == (byte) 0xFF) {
      buf[i] = 0;
      i--;
    }
    if (i < 0) {
      throw new IllegalStateException("carry out of the first byte"); // impossible: the interval stays in [0, 1)
    }
    buf[i]++;
  }

  private void put(int b) {
    if (len == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[len++] = (byte) b;
  }

  /**
   * Ends the stream and returns its bytes (calling it again returns the same bytes). No symbol can be
   * coded afterwards.
   */
  public byte[] finish() {
    if (result == null) {
      long v = terminator(low, range);
      low = v;
      if (low >= TOP) {
        carry();
        low &= MASK;
      }
      for (int i = 0; i < 7; i++) {
        put((int) (low >>> 48));
        low = (low << 8) & MASK;
      }
      while (len > 0 && buf[len - 1] == 0) {
        len--;
      }
      result = Arrays.copyOf(buf, len);
      buf = null;
    }
    return result.clone();
  }

  /**
   * The number in [low, low + range) with the most trailing zero bits (low &lt; 2^56, range ≥ 2^48, so
   * it has at least 48): what {@link #finish()} writes and what {@link RangeDecoder#finish()} checks.
   */
  static long terminator(long low, long range) {
    long high = low + range; // exclusive, < 2^57
    for (int k = 56; k > 0; k--) {
      long m = (1L << k) - 1;
      long candidate = (low + m) & ~m;
      if (candidate < high) {
        return candidate;
      }
    }
    return low;
  }

  /** The exact size of the finished stream in bits (8 × its byte length). */
  public long bits() {
    if (result == null) {
      throw new IllegalStateException("bits() is exact only after finish()");
    }
    return 8L * result.length;
  }

  /**
   * Information written so far, in bits: 8 × bytes written + (56 − log2 range). Before finish() this
   * tracks the ideal code length of everything coded; the finished stream is at most 2 bytes longer.
   */
  public double bitsSoFar() {
    if (result != null) {
      return bits();
    }
    return 8.0 * len + 56 - StrictMath.log(range) / StrictMath.log(2.0);
  }
}
