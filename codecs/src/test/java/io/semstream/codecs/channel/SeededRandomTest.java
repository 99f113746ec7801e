package io.semstream.codecs.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeededRandomTest {
  @Test
  void sameInputsSameDraws() {
    for (int i = 0; i < 100; i++) {
      assertEquals(SeededRandom.of(1, "cam-1", 5).nextLong(), SeededRandom.of(1, "cam-1", 5).nextLong());
    }
  }

  @Test
  void neighbouringInputsGiveDistinctSeeds() {
    Set<Long> seeds = new HashSet<>();
    String[] ids = {"", "a", "b", "ab", "ba", "cam-1", "cam-2", "cam-10", "cam-1\u0000"};
    int count = 0;
    for (long run = 0; run < 4; run++) {
      for (String id : ids) {
        for (long seq = -2; seq < 200; seq++) {
          seeds.add(SeededRandom.seed(run, id, seq));
          count++;
        }
      }
    }
    assertEquals(count, seeds.size(), "no two (run, stream, seq) share a seed");
  }

  @Test
  void seedIsWellMixed() {
    // Flipping one input bit should flip about half of the 64 seed bits.
    long total = 0;
    int trials = 0;
    for (long seq = 0; seq < 1000; seq++) {
      total += Long.bitCount(SeededRandom.seed(7, "cam-1", seq) ^ SeededRandom.seed(7, "cam-1", seq ^ 1));
      total += Long.bitCount(SeededRandom.seed(7, "cam-1", seq) ^ SeededRandom.seed(6, "cam-1", seq));
      trials += 2;
    }
    assertEquals(32.0, (double) total / trials, 1.0);
    assertNotEquals(SeededRandom.seed(0, "ab", 0), SeededRandom.seed(0, "ba", 0));
  }
}
