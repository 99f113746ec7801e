package io.semstream.codecs.nr;

/**
 * The cyclic redundancy checks of TS 38.212 §5.1 that the LDPC data path uses: the transport-block CRCs
 * (gCRC24A for blocks of more than 3824 bits, gCRC16 otherwise) and the code-block CRC gCRC24B.
 *
 * <p>Bits are one per byte (0 or 1), the first bit being the highest-order coefficient, as in the
 * specification. The parity bits p0..p(L-1) are the remainder of a(D)·D^L divided by g(D), p0 the
 * coefficient of D^(L-1); no initial value, no reflection, no final XOR. So the whole sequence
 * a0..a(A-1) p0..p(L-1) divided by g(D) leaves remainder zero, which is how {@link #check} tests it.
 */
public enum Crc {
  /** gCRC24A(D) = D^24 + D^23 + D^18 + D^17 + D^14 + D^11 + D^10 + D^7 + D^6 + D^5 + D^4 + D^3 + D + 1. */
  CRC24A(24, 0x864CFB),
  /** gCRC24B(D) = D^24 + D^23 + D^6 + D^5 + D + 1. */
  CRC24B(24, 0x800063),
  /** gCRC16(D) = D^16 + D^12 + D^5 + 1. */
  CRC16(16, 0x1021);

  private final int length;
  /** The generator without its leading D^L term. */
  private final int poly;
  private final int mask;

  Crc(int length, int poly) {
    this.length = length;
    this.poly = poly;
    this.mask = (1 << length) - 1;
  }

  /** Number of parity bits L. */
  public int length() {
    return length;
  }

  /** The remainder of bits[off..off+len)·D^L mod g(D), as an L-bit integer (p0 in the top bit). */
  public int remainder(byte[] bits, int off, int len) {
    int r = 0;
    int top = length - 1;
    for (int i = off, end = off + len; i < end; i++) {
      int feedback = ((r >>> top) ^ bits[i]) & 1;
      r = (r << 1) & mask;
      if (feedback != 0) {
        r ^= poly;
      }
    }
    return r;
  }

  /** bits[off..off+len) followed by its L parity bits, as a new array. */
  public byte[] attach(byte[] bits, int off, int len) {
    byte[] out = new byte[len + length];
    System.arraycopy(bits, off, out, 0, len);
    writeParity(remainder(bits, off, len), out, len);
    return out;
  }

  public byte[] attach(byte[] bits) {
    return attach(bits, 0, bits.length);
  }

  /** Writes the parity of bits[off..off+len) into out[at..at+L). */
  public void writeParity(int remainder, byte[] out, int at) {
    for (int i = 0; i < length; i++) {
      out[at + i] = (byte) ((remainder >>> (length - 1 - i)) & 1);
    }
  }

  /** Whether bits[off..off+len), whose last L bits are the parity, pass the check. */
  public boolean check(byte[] bits, int off, int len) {
    if (len < length) {
      return false;
    }
    return remainder(bits, off, len) == 0;
  }

  public boolean check(byte[] bits) {
    return check(bits, 0, bits.length);
  }
}
