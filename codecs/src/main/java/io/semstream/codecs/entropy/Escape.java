package io.semstream.codecs.entropy;

/**
 * Raw coding of a value outside a table's range, after the table's escape symbol: one bit (0 = above
 * maxValue, 1 = below minValue), then the distance u ≥ 1 past the range (u = value − maxValue or
 * minValue − value, as an unsigned 64-bit number) in Elias-gamma form: n − 1 zero bits, a one bit, then
 * the n − 1 bits of u below its leading one, where n = bit length of u (1..64). All bits are coded as
 * equiprobable, so an escape costs 2n bits besides the escape symbol: 2 bits for a value just past the
 * range, 82 bits for one 2^40 past it. Every long is representable, whatever the range.
 */
final class Escape {
  private Escape() {}

  static int rawBits(long value, long minValue, long maxValue) {
    long u = value > maxValue ? value - maxValue : minValue - value;
    return 2 * (64 - Long.numberOfLeadingZeros(u));
  }

  static void encode(RangeEncoder enc, long value, long minValue, long maxValue) {
    boolean below = value < minValue;
    long u = below ? minValue - value : value - maxValue; // exact as unsigned, ≥ 1
    int n = 64 - Long.numberOfLeadingZeros(u);
    enc.encodeBits(below ? 1 : 0, 1);
    for (int i = 1; i < n; i++) {
      enc.encodeBits(0, 1);
    }
    enc.encodeBits(1, 1);
    enc.encodeLongBits(n == 1 ? 0 : u & ((1L << (n - 1)) - 1), n - 1); // the bits below the leading one
  }

  static long decode(RangeDecoder dec, long minValue, long maxValue) {
    boolean below = dec.decodeBits(1) == 1;
    int n = 1;
    while (dec.decodeBits(1) == 0) {
      if (++n > 64) {
        throw new EntropyCodingException("escape length prefix longer than 64 bits");
      }
    }
    long u = n == 1 ? 1 : (1L << (n - 1)) | dec.decodeLongBits(n - 1);
    if (below) {
      if (Long.compareUnsigned(u, minValue - Long.MIN_VALUE) > 0) {
        throw new EntropyCodingException("escaped value below Long.MIN_VALUE");
      }
      return minValue - u;
    }
    if (Long.compareUnsigned(u, Long.MAX_VALUE - maxValue) > 0) {
      throw new EntropyCodingException("escaped value above Long.MAX_VALUE");
    }
    return maxValue + u;
  }
}
