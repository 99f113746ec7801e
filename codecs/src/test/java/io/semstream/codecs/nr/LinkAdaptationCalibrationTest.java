package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkAdaptationCalibrationTest {
  /**
   * A spot check of the committed table against a fresh simulation with other noise and payloads: one
   * mid row (16QAM, R ≈ 0.48, ~23 kbit in 3 code blocks) holds 1 dB above its threshold and mostly
   * fails 1.5 dB below it. LDPC waterfalls this long are a few tenths of a dB wide, so both margins are
   * comfortable; a table from another receiver (the LTE figures put this row 2 dB higher) would fail one.
   */
  @Test
  void aMidRowHoldsAboveItsThresholdAndFailsBelowIt() {
    int cqi = 5;
    double threshold = McsTable.thresholdDb(cqi);
    LinkAdaptationCalibration calibration = new LinkAdaptationCalibration(
        LinkAdaptationCalibration.Settings.defaults().withBlocks(30).withSeed(77));

    LinkAdaptationCalibration.Probe above = calibration.probe(cqi, threshold + 1, 30, 30);
    assertEquals(30, above.decoded());
    assertTrue(above.bler() <= 0.2, "at threshold + 1 dB lost " + above.failures() + " of 30");

    LinkAdaptationCalibration.Probe below = calibration.probe(cqi, threshold - 1.5, 20, 20);
    assertEquals(20, below.decoded());
    assertTrue(below.bler() >= 0.5, "at threshold - 1.5 dB lost only " + below.failures() + " of 20");
  }

  @Test
  void formatWritesTheRunningMaxAndParsesBack() {
    List<LinkAdaptationCalibration.Row> rows = new ArrayList<>();
    for (int cqi = 1; cqi <= CqiTable.MAX_CQI; cqi++) {
      double measured = cqi == 6 ? 3.0 : cqi; // row 6 below row 5: an inversion to be smoothed
      rows.add(new LinkAdaptationCalibration.Row(cqi, CqiTable.modulation(cqi), 0.5, 1000, 1, cqi - 2.0, measured, 100));
    }
    String text = LinkAdaptationCalibration.format(rows, LinkAdaptationCalibration.Settings.defaults(), "regenerate", 1234);
    double[] t = McsTable.parse(text.lines().toList(), "formatted");
    assertEquals(5.0, t[5], 0.0);
    assertEquals(5.0, t[6], 0.0, "raised to the row before");
    assertEquals(7.0, t[7], 0.0);
    assertTrue(text.contains("measured 3.0, raised"), text);
    assertTrue(text.contains("#   regenerate"), text);
  }
}
