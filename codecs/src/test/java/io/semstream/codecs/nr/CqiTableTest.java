package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CqiTableTest {
  /** The efficiency column of TS 38.214 Table 5.2.2.1-3, as printed (4 decimals). */
  private static final double[] PRINTED_EFFICIENCY = {0, 0.1523, 0.3770, 0.8770, 1.4766, 1.9141, 2.4063,
      2.7305, 3.3223, 3.9023, 4.5234, 5.1152, 5.5547, 6.2266, 6.9141, 7.4063};

  @Test
  void efficienciesMatchTheSpecificationTable() {
    for (int cqi = 1; cqi <= 15; cqi++) {
      assertEquals(PRINTED_EFFICIENCY[cqi], CqiTable.efficiencyOf(cqi), 5e-5, "CQI " + cqi);
    }
    assertEquals("QPSK", CqiTable.modulation(1));
    assertEquals("QPSK", CqiTable.modulation(3));
    assertEquals("16QAM", CqiTable.modulation(4));
    assertEquals("64QAM", CqiTable.modulation(11));
    assertEquals("256QAM", CqiTable.modulation(12));
    assertEquals("out of range", CqiTable.modulation(0));
    assertThrows(IllegalArgumentException.class, () -> CqiTable.modulation(16));
  }

  @Test
  void thresholdsAndEfficienciesAreStrictlyIncreasing() {
    for (int cqi = 1; cqi < 15; cqi++) {
      assertTrue(CqiTable.snrThresholdDb(cqi) < CqiTable.snrThresholdDb(cqi + 1), "threshold " + cqi);
      assertTrue(CqiTable.efficiencyOf(cqi) < CqiTable.efficiencyOf(cqi + 1), "efficiency " + cqi);
      // No MCS may claim more than AWGN capacity at its threshold.
      double capacity = Math.log(1 + Math.pow(10, CqiTable.snrThresholdDb(cqi) / 10)) / Math.log(2);
      assertTrue(CqiTable.efficiencyOf(cqi) < capacity, "CQI " + cqi + " beats Shannon");
    }
    assertEquals(-6.7, CqiTable.snrThresholdDb(1), 1e-12);
    assertEquals(21.0, CqiTable.snrThresholdDb(11), 1e-12);
    double previous = 0;
    for (double snr = -20; snr <= 40; snr += 0.05) {
      double se = CqiTable.spectralEfficiency(snr);
      assertTrue(se >= previous, "spectral efficiency never drops as SNR rises, at " + snr);
      previous = se;
    }
  }

  @Test
  void cqiForSnrPicksTheHighestThresholdMet() {
    for (int cqi = 1; cqi <= 15; cqi++) {
      double t = CqiTable.snrThresholdDb(cqi);
      assertEquals(cqi, CqiTable.cqiForSnr(t));
      assertEquals(cqi - 1, CqiTable.cqiForSnr(t - 1e-9));
    }
    assertEquals(0, CqiTable.cqiForSnr(-30));
    assertEquals(15, CqiTable.cqiForSnr(60));
    assertEquals(0, CqiTable.cqiForSnr(Double.NaN));
    assertEquals(CqiTable.efficiencyOf(1), CqiTable.spectralEfficiency(-30), 0.0, "below CQI 1 still pays CQI 1");
  }

  @Test
  void channelUsesForBitsRoundsUpExactly() {
    // CQI 15: 8 · 948 / 1024 bits per use, so 7584 bits fill exactly 1024 uses.
    assertEquals(1024, CqiTable.channelUsesForBits(7584, 40));
    assertEquals(1025, CqiTable.channelUsesForBits(7585, 40));
    assertEquals(136, CqiTable.channelUsesForBits(1000, 40));
    // CQI 1 (and below it): 156/1024 bits per use.
    assertEquals(1024, CqiTable.channelUsesForBits(156, -6.7));
    assertEquals(1024, CqiTable.channelUsesForBits(156, -50));
    assertEquals((long) Math.ceil(10_000 / (6 * 666 / 1024.0)), CqiTable.channelUsesForBits(10_000, 16.4));
    assertEquals(0, CqiTable.channelUsesForBits(0, 10));
    assertThrows(IllegalArgumentException.class, () -> CqiTable.channelUsesForBits(-1, 10));
  }
}
