package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class McsTableTest {
  private static List<String> resourceLines() throws IOException {
    try (InputStream in = McsTable.class.getClassLoader().getResourceAsStream(McsTable.RESOURCE)) {
      assertNotNull(in, McsTable.RESOURCE + " on the classpath");
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
    }
  }

  /** Spot checks against the printed spectral-efficiency columns of TS 38.214 Tables 5.1.3.1-1/-2/-3. */
  @Test
  void rowsAreEveryDistinctMcsOfTheThreeTablesInOrderOfEfficiency() {
    assertEquals(29 + 8 + 6, McsTable.size(), "table 1, table 2's 256QAM rows, table 3's rows below table 1");
    assertEquals(0.0586, McsTable.row(0).efficiency(), 5e-5, "table 3 MCS 0");
    assertEquals(0.2344, byOrigin("5.1.3.1-1 MCS 0").efficiency(), 5e-5);
    assertEquals(0.6016, byOrigin("5.1.3.1-1 MCS 4").efficiency(), 5e-5);
    assertEquals(2.5664, byOrigin("5.1.3.1-1 MCS 17").efficiency(), 5e-5);
    assertEquals(5.5547, byOrigin("5.1.3.1-1 MCS 28").efficiency(), 5e-5);
    assertEquals(5.3320, byOrigin("5.1.3.1-2 MCS 20").efficiency(), 5e-5);
    McsTable.Mcs top = McsTable.row(McsTable.size() - 1);
    assertEquals(7.4063, top.efficiency(), 5e-5, "table 2 MCS 27");
    assertEquals(QamModulator.QAM256, top.qam());
    for (int i = 0; i < McsTable.size(); i++) {
      assertEquals(i, McsTable.row(i).index());
      if (i > 0) {
        assertTrue(McsTable.row(i).efficiency() >= McsTable.row(i - 1).efficiency(), "row " + i);
      }
    }
    assertTrue(McsTable.size() <= 64, "a row fits the 6 bits telemetry charges for it");
    assertThrows(IllegalArgumentException.class, () -> McsTable.row(-1));
    assertThrows(IllegalArgumentException.class, () -> McsTable.row(McsTable.size()));
  }

  private static McsTable.Mcs byOrigin(String suffix) {
    return McsTable.ROWS.stream().filter(r -> r.origin().endsWith(suffix)).findFirst().orElseThrow();
  }

  /**
   * The committed table is physically plausible: no receiver beats AWGN capacity at 10 % BLER with a
   * finite block, and ours should not be more than a few dB worse than it either.
   */
  @Test
  void committedTableHasOneLinePerRowJustAboveCapacity() throws IOException {
    List<String> lines = resourceLines();
    long dataLines = lines.stream().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).count();
    assertEquals(McsTable.size(), dataLines, "one line per MCS row");
    double[] t = McsTable.parse(lines, McsTable.RESOURCE);
    for (int row = 0; row < McsTable.size(); row++) {
      double shannon = 10 * Math.log10(Math.pow(2, McsTable.row(row).efficiency()) - 1);
      assertTrue(t[row] > shannon, "row " + row + ": " + t[row] + " dB is not above capacity's " + shannon + " dB");
      assertTrue(t[row] < shannon + 4, "row " + row + ": " + t[row] + " dB is more than 4 dB above capacity's " + shannon);
      assertEquals(t[row], McsTable.thresholdDb(row), 0.0);
    }
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("#") && l.contains("LinkAdaptationCalibration")),
        "the header says how to regenerate the table");
  }

  @Test
  void sustainedAtPicksTheDensestRowWhoseThresholdIsMet() {
    for (double snr = -15; snr <= 30; snr += 0.05) {
      int chosen = McsTable.sustainedAt(snr);
      double chosenEfficiency = chosen < 0 ? 0 : McsTable.row(chosen).efficiency();
      if (chosen >= 0) {
        assertTrue(snr >= McsTable.thresholdDb(chosen), "at " + snr + " dB: " + McsTable.row(chosen));
      }
      for (McsTable.Mcs other : McsTable.ROWS) {
        if (snr >= McsTable.thresholdDb(other.index())) {
          assertTrue(other.efficiency() <= chosenEfficiency, "at " + snr + " dB " + other + " is denser than the choice");
        }
      }
    }
    assertEquals(-1, McsTable.sustainedAt(McsTable.thresholdDb(0) - 1));
    assertEquals(McsTable.size() - 1, McsTable.sustainedAt(60));
    assertEquals(McsTable.size() - 1, McsTable.sustainedAt(Double.POSITIVE_INFINITY));
    assertEquals(-1, McsTable.sustainedAt(Double.NaN));
  }

  /**
   * The design rule: the back-off below the threshold, the most robust row when nothing is sustained,
   * and at least twice the bits per channel use the CQI rows gave a 1 dB link (QPSK 193/1024, 0.38 b/cu,
   * a third of capacity): the reason the finer table exists.
   */
  @Test
  void forDesignSnrKeepsTheBackoffAndBeatsTheCqiRowsAtLowSnr() {
    for (double snr = -12; snr <= 30; snr += 0.25) {
      McsTable.Mcs mcs = McsTable.forDesignSnr(snr);
      if (McsTable.sustainedAt(snr - McsTable.BACKOFF_DB) >= 0) {
        assertTrue(snr - McsTable.BACKOFF_DB >= McsTable.thresholdDb(mcs.index()), "at " + snr + " dB: " + mcs);
      }
      assertEquals(Math.max(0, McsTable.sustainedAt(snr - McsTable.BACKOFF_DB)), mcs.index());
    }
    assertEquals(0, McsTable.forDesignSnr(-30).index());
    assertEquals(0, McsTable.forDesignSnr(Double.NaN).index());
    double cqiRows = CqiTable.efficiencyOf(Math.max(1, CqiTable.cqiForSnr(1)));
    assertTrue(McsTable.forDesignSnr(1).efficiency() >= 1.9 * 0.377,
        "1 dB: " + McsTable.forDesignSnr(1) + " against the CQI rows' " + cqiRows);
  }

  @Test
  void parseRejectsGapsRepeatsAndNonFiniteValues() {
    List<String> good = new ArrayList<>();
    for (int row = 0; row < McsTable.size(); row++) {
      good.add(row + " " + (row * 1.5) + "  # comment");
    }
    assertEquals(3.0, McsTable.parse(good, "t")[2], 0.0);

    List<String> missing = new ArrayList<>(good);
    missing.remove(7);
    assertThrows(IllegalStateException.class, () -> McsTable.parse(missing, "t"));

    List<String> repeated = new ArrayList<>(good);
    repeated.add("3 4.5");
    assertThrows(IllegalStateException.class, () -> McsTable.parse(repeated, "t"));

    List<String> infinite = new ArrayList<>(good);
    infinite.set(4, "4 Infinity");
    assertThrows(IllegalStateException.class, () -> McsTable.parse(infinite, "t"));

    List<String> junk = new ArrayList<>(good);
    junk.add(McsTable.size() + " 30");
    assertThrows(IllegalStateException.class, () -> McsTable.parse(junk, "t"));
  }
}
