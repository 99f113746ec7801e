package io.semstream.codecs.channel;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The generator behind every random draw of the channel. Seeding by (run seed, streamId, seq) instead
 * of keeping a generator per stream means a packet's noise depends only on which packet it is, not on
 * which instance processed it or what came before: replaying a topic, a rebalance, or a restored task
 * all give the same bits.
 */
public final class SeededRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private SeededRandom() {}

  public static SplittableRandom of(long runSeed, String streamId, long seq) {
    return new SplittableRandom(seed(runSeed, streamId, seq));
  }

  /**
   * Absorbs the inputs one 64-bit word at a time through a bijective finaliser. The string's byte length
   * goes in first so no two distinct ids collide by concatenation ("ab"+"c" vs "a"+"bc"), and the seq
   * goes in last through a bijection, so two different seqs of one stream can never get the same seed.
   */
  static long seed(long runSeed, String streamId, long seq) {
    Objects.requireNonNull(streamId, "streamId");
    byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
    long h = absorb(0, runSeed);
    h = absorb(h, id.length);
    for (int i = 0; i < id.length; i += 8) {
      long word = 0;
      for (int j = 0; j < 8 && i + j < id.length; j++) {
        word |= (id[i + j] & 0xFFL) << (8 * j);
      }
      h = absorb(h, word);
    }
    return absorb(h, seq);
  }

  private static long absorb(long h, long x) {
    return mix64((h ^ x) + GOLDEN_GAMMA);
  }

  /** Stafford's "variant 13" 64-bit finaliser: every input bit affects every output bit. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
