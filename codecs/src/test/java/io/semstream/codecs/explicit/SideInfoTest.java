package io.semstream.codecs.explicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.entropy.Cdf;
import io.semstream.codecs.entropy.EntropyCodingException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The level part of the side info: a frame's own histogram when that is shorter, never longer than flat. */
class SideInfoTest {
  private static final Cdf[] Z_TABLES = {Cdf.uniform(5), Cdf.uniform(5)};
  private static final Cdf LEVELS = SideInfo.levelTable(9);

  private static int[] z() {
    return new int[] {0, 1, 2, 3, 4, 4, 3, 2};
  }

  private static double flatBits(int patches) {
    return SideInfo.maxLevelPartBits(LEVELS, patches);
  }

  @Test
  void skewedLevelsCostFarLessThanTheFlatTableAndRoundTrip() {
    Random rnd = new Random(1);
    int[] levels = new int[1536];
    for (int i = 0; i < levels.length; i++) {
      // Typical of a frame: most patches at two neighbouring levels, a few elsewhere.
      levels[i] = rnd.nextDouble() < 0.9 ? 3 + rnd.nextInt(2) : rnd.nextInt(9);
    }
    SideInfo side = new SideInfo(z(), levels);
    byte[] bytes = side.encode(Z_TABLES, LEVELS);
    assertEquals(side, SideInfo.decode(bytes, Z_TABLES, 8, levels.length, LEVELS));
    assertTrue(8.0 * bytes.length < 0.6 * flatBits(levels.length), bytes.length + " bytes");
  }

  @Test
  void aZeroHyperLatentCostsOneBitAndComesBackAsZeros() {
    int[] levels = {3, 3, 4, 3, 2, 3, 3, 3};
    SideInfo without = new SideInfo(new int[8], levels);
    SideInfo with = new SideInfo(z(), levels);
    assertTrue(!without.hyperLatentSent() && with.hyperLatentSent());
    byte[] small = without.encode(Z_TABLES, LEVELS), full = with.encode(Z_TABLES, LEVELS);
    assertEquals(without, SideInfo.decode(small, Z_TABLES, 8, levels.length, LEVELS));
    assertEquals(with, SideInfo.decode(full, Z_TABLES, 8, levels.length, LEVELS));
    // Eight values under a flat table of five cost 18.6 bits; the flag costs one.
    assertTrue(8 * (full.length - small.length) >= 16, small.length + " against " + full.length + " bytes");
  }

  @Test
  void uniformLevelsNeverCostMoreThanTheBound() {
    Random rnd = new Random(2);
    for (int patches : new int[] {1, 7, 64, 1000}) {
      int[] levels = new int[patches];
      for (int i = 0; i < patches; i++) {
        levels[i] = rnd.nextInt(9);
      }
      SideInfo side = new SideInfo(z(), levels);
      byte[] bytes = side.encode(Z_TABLES, LEVELS);
      assertEquals(side, SideInfo.decode(bytes, Z_TABLES, 8, patches, LEVELS));
      double zBits = 0;
      for (int i = 0; i < 8; i++) {
        zBits += Z_TABLES[i / 4].codeLength(z()[i]);
      }
      double bound = zBits + flatBits(patches) + ExplicitNetwork.SIDE_INFO_SLACK_BITS + SideInfo.CHECK_BITS;
      assertTrue(8.0 * bytes.length <= bound, patches + " patches: " + 8 * bytes.length + " bits > bound " + bound);
    }
  }

  @Test
  void aHistogramThatCountsMorePatchesThanThereAreIsRejected() {
    int[] levels = new int[50];
    byte[] bytes = new SideInfo(z(), levels).encode(Z_TABLES, LEVELS);
    // Read as a frame of 40 patches (counts take 6 bits either way), "50 at level 0" cannot be valid.
    EntropyCodingException e = assertThrows(EntropyCodingException.class,
        () -> SideInfo.decode(bytes, Z_TABLES, 8, 40, LEVELS));
    assertTrue(e.getMessage().contains("50 patches of 40"), e.getMessage());
  }
}
