package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkAdaptationCalibrationTest {
  /**
   * A spot check of the committed table against a fresh simulation with other noise and payloads: one
   * mid row (16QAM, R ≈ 0.48, ~23 kbit in 3 code blocks, table 1 MCS 13) holds 1 dB above its threshold and mostly
   * fails 1.5 dB below it. LDPC waterfalls this long are a few tenths of a dB wide, so both margins are
   * comfortable; a table from another receiver (the LTE figures put this row 2 dB higher) would fail one.
   */
  @Test
  void aMidRowHoldsAboveItsThresholdAndFailsBelowIt() {
    int mcs = McsTable.ROWS.stream().filter(r -> r.bitsPerSymbol() == 4 && r.codeRateX1024() == 490).findFirst()
        .orElseThrow().index();
    double threshold = McsTable.thresholdDb(mcs);
    LinkAdaptationCalibration calibration = new LinkAdaptationCalibration(
        LinkAdaptationCalibration.Settings.defaults().withBlocks(30).withSeed(77));

    LinkAdaptationCalibration.Probe above = calibration.probe(mcs, threshold + 1, 30, 30);
    assertEquals(30, above.decoded());
    assertTrue(above.bler() <= 0.2, "at threshold + 1 dB lost " + above.failures() + " of 30");

    LinkAdaptationCalibration.Probe below = calibration.probe(mcs, threshold - 1.5, 20, 20);
    assertEquals(20, below.decoded());
    assertTrue(below.bler() >= 0.5, "at threshold - 1.5 dB lost only " + below.failures() + " of 20");
  }

  @Test
  void formatMarksRowsNeverChosenAndParsesBack() {
    List<LinkAdaptationCalibration.Row> rows = new ArrayList<>();
    for (int mcs = 0; mcs < McsTable.size(); mcs++) {
      double measured = mcs == 6 ? 9.0 : mcs; // row 6 needs more than row 9: never chosen
      rows.add(new LinkAdaptationCalibration.Row(mcs, McsTable.row(mcs).qam().name(), 0.5, 1000, 1, mcs - 2.0,
          measured, 100));
    }
    String text = LinkAdaptationCalibration.format(rows, LinkAdaptationCalibration.Settings.defaults(), "regenerate", 1234);
    double[] t = McsTable.parse(text.lines().toList(), "formatted");
    assertEquals(5.0, t[5], 0.0);
    assertEquals(9.0, t[6], 0.0, "written as measured");
    List<String> lines = text.lines().filter(l -> !l.startsWith("#")).toList();
    assertTrue(lines.get(6).endsWith("never chosen"), lines.get(6));
    assertTrue(!lines.get(5).endsWith("never chosen"), lines.get(5));
    assertTrue(text.contains("#   regenerate"), text);
  }
}
