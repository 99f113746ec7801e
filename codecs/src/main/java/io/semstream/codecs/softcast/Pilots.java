package io.semstream.codecs.softcast;

import io.semstream.codecs.api.CodecException;

/**
 * Known symbols that let a receiver without channel state estimate block fading, as a real receiver does:
 * pilots of value 1 (unit power) at the start of every coherence block, then data. The pilots are channel
 * uses like any other and count in the CBR.
 *
 * <p>A gain error multiplies every coefficient, the large low-frequency ones too, so for SoftCast it costs far
 * more than the same energy of noise: with P pilots the phase error is about √(N0 / 2P|h|²) radians, which
 * at 10 dB and 16 pilots caps a frame near 30 dB. A frame that is one coherence block therefore gets about
 * 1.5 % of its symbols as pilots (16 to 1024) for the phase, and its gain's magnitude from the power of the
 * data itself, which the transmitter sets to exactly one: |h|² = mean|y|² − N0, averaged over thousands of
 * symbols. Shorter blocks get up to 1/16 of their symbols (at most 64) and a least-squares estimate from them.
 *
 * @param block symbols per coherence block as the channel counts them (0: one block for the whole frame);
 *     negative: no pilots
 */
public record Pilots(int block) {
  public static final Pilots NONE = new Pilots(-1);
  private static final int MAX_PER_SHORT_BLOCK = 64;

  public Pilots {
    if (block == 1) {
      throw new IllegalArgumentException("a coherence block of one symbol leaves no room for pilots");
    }
  }

  public boolean present() {
    return block >= 0;
  }

  /** Pilots in each block of a frame with {@code data} data symbols. */
  public int perBlock(long data) {
    if (!present()) {
      return 0;
    }
    return block == 0 ? (int) Math.max(16, Math.min(1024, data / 64))
        : Math.max(1, Math.min(MAX_PER_SHORT_BLOCK, block / 16));
  }

  private long dataPerBlock(long data) {
    return block == 0 ? Math.max(1, data) : block - perBlock(data);
  }

  /** Symbols on the channel for {@code data} data symbols (strictly increasing in {@code data}). */
  public long total(long data) {
    if (!present() || data == 0) {
      return data;
    }
    long per = dataPerBlock(data);
    return data + perBlock(data) * ((data + per - 1) / per);
  }

  /**
   * The data symbols that {@code symbols} channel symbols carry with their pilots: the inverse of
   * {@link #total}, or a {@link CodecException} when no count of data symbols gives that many.
   */
  public long dataFor(long symbols) {
    if (symbols < 0 || symbols > Integer.MAX_VALUE) {
      throw new CodecException(symbols + " symbols: not a packet's count");
    }
    long lo = 0, hi = symbols;
    while (lo < hi) {
      long mid = (lo + hi + 1) >>> 1;
      if (total(mid) <= symbols) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    if (total(lo) != symbols) {
      throw new CodecException(symbols + " symbols are not a whole number of data symbols with their pilots");
    }
    return lo;
  }

  /** The data I/Q with the pilots put in front of every block. */
  public float[] insert(float[] data) {
    int n = data.length / 2;
    if (!present() || n == 0) {
      return data;
    }
    float[] out = new float[(int) (2 * total(n))];
    int p = perBlock(n), per = (int) dataPerBlock(n), at = 0;
    for (int k = 0; k < n; k++) {
      if (k % per == 0) {
        for (int i = 0; i < p; i++) {
          out[at++] = 1;
          out[at++] = 0;
        }
      }
      out[at++] = data[2 * k];
      out[at++] = data[2 * k + 1];
    }
    return out;
  }

  /**
   * The data symbols of a received packet, MMSE-equalised with each block's estimated gain, and the gains
   * themselves (interleaved, one per data symbol): what a channel with CSI would have delivered, with the
   * estimate in place of the truth.
   */
  public Equalised equalise(float[] received, long data, double n0) {
    if (received.length / 2 != total(data)) {
      throw new CodecException("packet has " + received.length / 2 + " symbols; " + data + " data symbols and"
          + " their pilots need " + total(data));
    }
    int n = (int) data, p = perBlock(n), per = (int) dataPerBlock(n);
    float[] iq = new float[2 * n], gains = new float[2 * n];
    int at = 0;
    double hr = 0, hi = 0;
    for (int k = 0; k < n; k++) {
      if (k % per == 0) {
        hr = 0;
        hi = 0;
        for (int i = 0; i < p; i++) {
          hr += received[at++];
          hi += received[at++];
        }
        hr /= p;
        hi /= p;
        if (block == 0) {
          double[] h = withMagnitudeFromPower(hr, hi, received, at, n, n0);
          hr = h[0];
          hi = h[1];
        }
      }
      double yr = received[at++], yi = received[at++];
      double d = hr * hr + hi * hi + n0;
      iq[2 * k] = (float) ((hr * yr + hi * yi) / d);
      iq[2 * k + 1] = (float) ((hr * yi - hi * yr) / d);
      gains[2 * k] = (float) hr;
      gains[2 * k + 1] = (float) hi;
    }
    return new Equalised(iq, gains);
  }

  /** The pilots' phase with the magnitude the data's received power gives (their sent power is one). */
  private static double[] withMagnitudeFromPower(double hr, double hi, float[] received, int from, int n,
      double n0) {
    double power = 0;
    for (int i = from; i < from + 2 * n; i++) {
      power += received[i] * (double) received[i];
    }
    double h2 = power / n - n0;
    double pilotMagnitude = Math.hypot(hr, hi);
    if (!(h2 > 0) || pilotMagnitude == 0) {
      return new double[] {hr, hi};
    }
    double scale = Math.sqrt(h2) / pilotMagnitude;
    return new double[] {hr * scale, hi * scale};
  }

  /**
   * The data symbols and their gains when the receiver knows the gains after all: the pilot positions
   * left out, the truth kept.
   */
  public Equalised dataOf(float[] received, float[] gains, long data) {
    if (received.length / 2 != total(data) || gains.length != received.length) {
      throw new CodecException("packet has " + received.length / 2 + " symbols and " + gains.length / 2 + " gains; "
          + data + " data symbols and their pilots need " + total(data));
    }
    int n = (int) data, p = perBlock(n), per = (int) dataPerBlock(n);
    float[] iq = new float[2 * n], known = new float[2 * n];
    int at = 0;
    for (int k = 0; k < n; k++) {
      if (k % per == 0) {
        at += 2 * p;
      }
      iq[2 * k] = received[at];
      iq[2 * k + 1] = received[at + 1];
      known[2 * k] = gains[at];
      known[2 * k + 1] = gains[at + 1];
      at += 2;
    }
    return new Equalised(iq, known);
  }

  /** Equalised data symbols, as a channel with CSI delivers them, and the gains they were equalised with. */
  public record Equalised(float[] iq, float[] gains) {}
}
