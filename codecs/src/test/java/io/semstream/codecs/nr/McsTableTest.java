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

  /**
   * The committed table is physically plausible: no receiver beats AWGN capacity at 10 % BLER with a
   * finite block, and ours should not be more than a few dB worse than it either.
   */
  @Test
  void committedTableHasFifteenNonDecreasingRowsJustAboveCapacity() throws IOException {
    List<String> lines = resourceLines();
    long dataLines = lines.stream().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).count();
    assertEquals(CqiTable.MAX_CQI, dataLines, "one line per CQI");
    double[] t = McsTable.parse(lines, McsTable.RESOURCE);
    for (int cqi = 1; cqi <= CqiTable.MAX_CQI; cqi++) {
      double shannon = 10 * Math.log10(Math.pow(2, CqiTable.efficiencyOf(cqi)) - 1);
      assertTrue(t[cqi] > shannon, "CQI " + cqi + ": " + t[cqi] + " dB is not above capacity's " + shannon + " dB");
      assertTrue(t[cqi] < shannon + 4, "CQI " + cqi + ": " + t[cqi] + " dB is more than 4 dB above capacity's " + shannon);
      if (cqi > 1) {
        assertTrue(t[cqi] >= t[cqi - 1], "non-decreasing at CQI " + cqi);
      }
      assertEquals(t[cqi], McsTable.thresholdDb(cqi), 0.0);
    }
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("#") && l.contains("LinkAdaptationCalibration")),
        "the header says how to regenerate the table");
  }

  @Test
  void cqiForSnrPicksTheHighestMeasuredThresholdMet() {
    for (int cqi = 1; cqi <= CqiTable.MAX_CQI; cqi++) {
      double t = McsTable.thresholdDb(cqi);
      // rows raised to the same threshold by the running max all switch on together: the highest wins
      assertTrue(McsTable.cqiForSnr(t) >= cqi, "at CQI " + cqi + "'s threshold");
      assertTrue(McsTable.cqiForSnr(Math.nextDown(t)) < cqi, "just below CQI " + cqi + "'s threshold");
    }
    assertEquals(0, McsTable.cqiForSnr(McsTable.thresholdDb(1) - 1));
    assertEquals(CqiTable.MAX_CQI, McsTable.cqiForSnr(60));
    assertEquals(CqiTable.MAX_CQI, McsTable.cqiForSnr(Double.POSITIVE_INFINITY));
    assertEquals(0, McsTable.cqiForSnr(Double.NaN));
  }

  @Test
  void parseRejectsGapsRepeatsAndInversions() {
    List<String> good = new ArrayList<>();
    for (int cqi = 1; cqi <= CqiTable.MAX_CQI; cqi++) {
      good.add(cqi + " " + (cqi * 1.5) + "  # comment");
    }
    assertEquals(3.0, McsTable.parse(good, "t")[2], 0.0);

    List<String> missing = new ArrayList<>(good);
    missing.remove(7);
    assertThrows(IllegalStateException.class, () -> McsTable.parse(missing, "t"));

    List<String> repeated = new ArrayList<>(good);
    repeated.add("3 4.5");
    assertThrows(IllegalStateException.class, () -> McsTable.parse(repeated, "t"));

    List<String> inverted = new ArrayList<>(good);
    inverted.set(4, "5 0.0");
    assertThrows(IllegalStateException.class, () -> McsTable.parse(inverted, "t"));

    List<String> junk = new ArrayList<>(good);
    junk.add("16 30");
    assertThrows(IllegalStateException.class, () -> McsTable.parse(junk, "t"));
  }
}
