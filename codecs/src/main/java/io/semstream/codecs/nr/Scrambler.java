package io.semstream.codecs.nr;

/**
 * Bit-level scrambling with the length-31 Gold sequence of TS 38.211 §5.2.1 (as the PDSCH applies it,
 * §7.3.1.1): c(n) = (x1(n + Nc) + x2(n + Nc)) mod 2 with Nc = 1600, x1 started from 1, 0, 0, ...,
 * x2 from c_init. It whitens the coded bits, so the QAM symbols are used uniformly and the average power
 * of a frame is the constellation's nominal unit power whatever the payload looks like.
 */
public final class Scrambler {
  private static final int NC = 1600;

  private Scrambler() {}

  /** c(0..length-1) for the given c_init (31 bits). */
  public static byte[] sequence(int cInit, int length) {
    int total = NC + length;
    byte[] x1 = new byte[total + 31];
    byte[] x2 = new byte[total + 31];
    x1[0] = 1;
    for (int i = 0; i < 31; i++) {
      x2[i] = (byte) ((cInit >>> i) & 1);
    }
    for (int n = 0; n < total; n++) {
      x1[n + 31] = (byte) ((x1[n + 3] + x1[n]) & 1);
      x2[n + 31] = (byte) ((x2[n + 3] + x2[n + 2] + x2[n + 1] + x2[n]) & 1);
    }
    byte[] c = new byte[length];
    for (int n = 0; n < length; n++) {
      c[n] = (byte) ((x1[n + NC] + x2[n + NC]) & 1);
    }
    return c;
  }

  /** bits[i] ^= c(i), in place. */
  public static void scramble(byte[] bits, int cInit) {
    byte[] c = sequence(cInit, bits.length);
    for (int i = 0; i < bits.length; i++) {
      bits[i] ^= c[i];
    }
  }

  /** The receiver's side: flips the sign of every LLR whose bit was inverted, in place. */
  public static void descramble(float[] llr, int cInit) {
    byte[] c = sequence(cInit, llr.length);
    for (int i = 0; i < llr.length; i++) {
      if (c[i] != 0) {
        llr[i] = -llr[i];
      }
    }
  }
}
