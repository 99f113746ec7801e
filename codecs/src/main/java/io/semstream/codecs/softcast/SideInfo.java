package io.semstream.codecs.softcast;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.entropy.Cdf;
import io.semstream.codecs.entropy.EntropyCodingException;
import io.semstream.codecs.entropy.RangeDecoder;
import io.semstream.codecs.entropy.RangeEncoder;

/**
 * What the receiver must know to undo SoftCast's scaling: which chunks were sent, each sent chunk's
 * variance, and the frame's power correction. Range-coded with the project's coder:
 * <ul>
 *   <li>the selection, one bit a chunk, each coded under the running frequency of selected chunks in its
 *       band ({@link Chunks#band}), which both ends update alike;</li>
 *   <li>per sent chunk, its variance as a {@value #LEVEL_BITS}-bit level, log2 λ in steps of 1/8 octave
 *       from 2^−8 (about 0.4 dB of scale: far finer than the allocation needs);</li>
 *   <li>{@value #POWER_BITS} bits for the ratio of the frame's actual power to the one the levels predict,
 *       log2 in steps of 1/512 octave, so the symbols leave at unit power and the receiver knows their gain;</li>
 *   <li>one bit for pilots, and when they are there 24 bits of their coherence block ({@link Pilots}).</li>
 * </ul>
 */
final class SideInfo {
  static final int LEVEL_BITS = 9;
  static final int LEVELS = 1 << LEVEL_BITS;
  private static final int LEVEL_OFFSET = 64;
  private static final int LEVELS_PER_OCTAVE = 8;
  static final int POWER_BITS = 8;
  private static final int POWER_STEPS_PER_OCTAVE = 512;
  private static final int PROBABILITY_STEPS = 64;
  private static final Cdf[] BINARY = binaryTables();

  final boolean[] selected;
  final int[] levels;
  final int power;
  final Pilots pilots;

  SideInfo(boolean[] selected, int[] levels, int power, Pilots pilots) {
    this.selected = selected;
    this.levels = levels;
    this.power = power;
    this.pilots = pilots;
  }

  static int level(double variance) {
    double l = Math.floor(LEVELS_PER_OCTAVE * Math.log(Math.max(variance, 1e-30)) / Math.log(2) + 0.5);
    return (int) Math.max(0, Math.min(LEVELS - 1, l + LEVEL_OFFSET));
  }

  static double variance(int level) {
    return StrictMath.pow(2, (level - LEVEL_OFFSET) / (double) LEVELS_PER_OCTAVE);
  }

  static int power(double ratio) {
    double k = Math.floor(POWER_STEPS_PER_OCTAVE * Math.log(ratio) / Math.log(2) + 0.5) + (1 << (POWER_BITS - 1));
    return (int) Math.max(0, Math.min((1 << POWER_BITS) - 1, k));
  }

  static double powerRatio(int power) {
    return StrictMath.pow(2, (power - (1 << (POWER_BITS - 1))) / (double) POWER_STEPS_PER_OCTAVE);
  }

  byte[] encode(Chunks chunks) {
    RangeEncoder enc = new RangeEncoder(selected.length / 4 + 64);
    BandCounts counts = new BandCounts();
    for (int c = 0; c < selected.length; c++) {
      int band = chunks.band(c);
      enc.encode(selected[c] ? 1 : 0, BINARY[counts.probabilityIndex(band)]);
      counts.add(band, selected[c]);
    }
    for (int c = 0; c < selected.length; c++) {
      if (selected[c]) {
        enc.encodeBits(levels[c], LEVEL_BITS);
      }
    }
    enc.encodeBits(power, POWER_BITS);
    enc.encodeBits(pilots.present() ? 1 : 0, 1);
    if (pilots.present()) {
      enc.encodeBits(pilots.block() >>> 12, 12);
      enc.encodeBits(pilots.block() & 0xFFF, 12);
    }
    return enc.finish();
  }

  static SideInfo decode(byte[] bytes, Chunks chunks) {
    try {
      RangeDecoder dec = new RangeDecoder(bytes);
      int n = chunks.count();
      boolean[] selected = new boolean[n];
      BandCounts counts = new BandCounts();
      for (int c = 0; c < n; c++) {
        int band = chunks.band(c);
        selected[c] = dec.decode(BINARY[counts.probabilityIndex(band)]) == 1;
        counts.add(band, selected[c]);
      }
      int[] levels = new int[n];
      for (int c = 0; c < n; c++) {
        if (selected[c]) {
          levels[c] = dec.decodeBits(LEVEL_BITS);
        }
      }
      int power = dec.decodeBits(POWER_BITS);
      Pilots pilots = Pilots.NONE;
      if (dec.decodeBits(1) == 1) {
        pilots = new Pilots((dec.decodeBits(12) << 12) | dec.decodeBits(12));
      }
      dec.finish();
      return new SideInfo(selected, levels, power, pilots);
    } catch (EntropyCodingException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new CodecException("SoftCast side info of " + bytes.length + " bytes is not readable for a "
          + chunks.width + "x" + chunks.height + " frame: " + e.getMessage(), e);
    }
  }

  /** Per band, how many chunks so far were and were not selected: the adaptive model of the selection bits. */
  private static final class BandCounts {
    private final int[] ones = new int[3 * Chunks.BANDS];
    private final int[] total = new int[3 * Chunks.BANDS];

    /** (ones + ½)/(total + 1), the Krichevsky–Trofimov estimate, in steps of 1/64 clear of 0 and 1. */
    int probabilityIndex(int band) {
      double p = (ones[band] + 0.5) / (total[band] + 1.0);
      return (int) Math.max(1, Math.min(PROBABILITY_STEPS - 1, Math.round(p * PROBABILITY_STEPS)));
    }

    void add(int band, boolean one) {
      ones[band] += one ? 1 : 0;
      total[band]++;
    }
  }

  private static Cdf[] binaryTables() {
    Cdf[] t = new Cdf[PROBABILITY_STEPS];
    for (int i = 1; i < PROBABILITY_STEPS; i++) {
      double p = i / (double) PROBABILITY_STEPS;
      t[i] = Cdf.fromProbabilities(new double[] {1 - p, p});
    }
    return t;
  }
}
