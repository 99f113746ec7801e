package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NrNumerologyTest {
  @Test
  void mu0() {
    NrNumerology nr = new NrNumerology(0);
    assertEquals(15_000.0, nr.subcarrierSpacingHz());
    assertEquals(12 * 14_000.0, nr.symbolsPerSecondPerResourceBlock());
    assertEquals(180_000.0, nr.bandwidthHz(1));
    assertEquals(52 * 180_000.0, nr.bandwidthHz(52));
  }

  @Test
  void mu1() {
    NrNumerology nr = new NrNumerology(1);
    assertEquals(30_000.0, nr.subcarrierSpacingHz());
    assertEquals(12 * 28_000.0, nr.symbolsPerSecondPerResourceBlock());
    assertEquals(360_000.0, nr.bandwidthHz(1));
  }

  @Test
  void resourceBlocksRoundUpButNotOnExactMultiples() {
    NrNumerology mu1 = new NrNumerology(1);
    assertEquals(1, mu1.resourceBlocksFor(336_000, 1));
    assertEquals(2, mu1.resourceBlocksFor(336_001, 1));
    assertEquals(10, mu1.resourceBlocksFor(112_000, 30)); // 3.36 M uses/s
    assertEquals(0, mu1.resourceBlocksFor(0, 30));
    // 1024x436 RGB at CBR 1/16 = 83 712 uses per frame, 30 fps, 15 kHz: 14.95 → 15 RBs.
    NrNumerology mu0 = new NrNumerology(0);
    assertEquals(15, mu0.resourceBlocksFor(83_712, 30));
    assertEquals(1, mu0.resourceBlocksFor(64 * 64 * 3 / 16, 30));
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> new NrNumerology(5));
    assertThrows(IllegalArgumentException.class, () -> new NrNumerology(-1));
    assertThrows(IllegalArgumentException.class, () -> new NrNumerology(0).resourceBlocksFor(10, 0));
    assertThrows(IllegalArgumentException.class, () -> new NrNumerology(0).resourceBlocksFor(-1, 30));
  }
}
