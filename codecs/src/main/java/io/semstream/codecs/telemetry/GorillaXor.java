package io.semstream.codecs.telemetry;

/**
 * Lossless XOR coding of a floating-point series, as Facebook's Gorilla store codes values (Pelkonen et
 * al., VLDB 2015, §4.1.2): the first value raw; then per value the XOR with the previous one: '0' when it
 * is zero; '10' and the meaningful bits when they fall inside the previous value's window of meaningful
 * bits; else '11', the count of leading zeros in 5 bits, the count of meaningful bits in 6 (64 written
 * as 0) and those bits. Values of a slowly moving sensor share sign, exponent and high mantissa bits, so
 * the XORs are short.
 *
 * <p>{@link #DOUBLE} is the paper's 64-bit layout; {@link #FLOAT} the same fields over float32 bit patterns.
 */
public final class GorillaXor {
  public static final GorillaXor DOUBLE = new GorillaXor(64);
  public static final GorillaXor FLOAT = new GorillaXor(32);

  private final int width;

  private GorillaXor(int width) {
    this.width = width;
  }

  /** The values' bit patterns ({@link Double#doubleToRawLongBits} or {@link Float#floatToRawIntBits}). */
  public byte[] encode(long[] patterns) {
    BitWriter out = new BitWriter();
    encode(patterns, out);
    return out.toBytes();
  }

  /** The coded length in bits, without padding. */
  public long bits(long[] patterns) {
    BitWriter out = new BitWriter();
    encode(patterns, out);
    return out.bits();
  }

  private void encode(long[] patterns, BitWriter out) {
    if (patterns.length == 0) {
      return;
    }
    long mask = width == 64 ? -1L : (1L << width) - 1;
    long previous = patterns[0] & mask;
    out.write(previous, width);
    int blockLeading = Integer.MAX_VALUE, blockTrailing = 0;
    for (int i = 1; i < patterns.length; i++) {
      long value = patterns[i] & mask;
      long xor = value ^ previous;
      previous = value;
      if (xor == 0) {
        out.writeBit(0);
        continue;
      }
      out.writeBit(1);
      int leading = Math.min(31, Long.numberOfLeadingZeros(xor) - (64 - width));
      int trailing = Long.numberOfTrailingZeros(xor);
      if (blockLeading != Integer.MAX_VALUE && leading >= blockLeading && trailing >= blockTrailing) {
        out.writeBit(0);
        out.write(xor >>> blockTrailing, width - blockLeading - blockTrailing);
      } else {
        int meaningful = width - leading - trailing;
        out.writeBit(1);
        out.write(leading, 5);
        out.write(meaningful & 63, 6);
        out.write(xor >>> trailing, meaningful);
        blockLeading = leading;
        blockTrailing = trailing;
      }
    }
  }

  /** {@code count} bit patterns back from {@link #encode}'s bytes. */
  public long[] decode(byte[] coded, int count) {
    long[] out = new long[count];
    if (count == 0) {
      return out;
    }
    BitReader in = new BitReader(coded);
    long previous = in.read(width);
    out[0] = previous;
    int blockLeading = -1, blockMeaningful = 0;
    for (int i = 1; i < count; i++) {
      if (in.readBit() == 0) {
        out[i] = previous;
        continue;
      }
      if (in.readBit() == 1) {
        blockLeading = (int) in.read(5);
        int meaningful = (int) in.read(6);
        blockMeaningful = meaningful == 0 ? 64 : meaningful;
        if (blockLeading + blockMeaningful > width) {
          throw new IllegalArgumentException("value " + i + " claims " + blockLeading + " leading zeros and "
              + blockMeaningful + " meaningful bits in a " + width + "-bit word");
        }
      } else if (blockLeading < 0) {
        throw new IllegalArgumentException("value " + i + " reuses a window of meaningful bits before any was set");
      }
      int trailing = width - blockLeading - blockMeaningful;
      long xor = in.read(blockMeaningful) << trailing;
      previous ^= xor;
      out[i] = previous;
    }
    return out;
  }
}
