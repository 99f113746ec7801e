package io.semstream.codecs.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryCsvTest {

  private static TelemetrySeries read(String text, double rate) throws IOException {
    return TelemetryCsv.read(new BufferedReader(new StringReader(text)), rate, "test.csv");
  }

  @Test
  void readsIsoTimesAndEpochMillisecondsAndTakesTheRateFromTheirSpacing() throws IOException {
    TelemetrySeries iso = read("timestamp,a,b\n2024-01-01T00:00:00Z,1,2\n2024-01-01T00:00:00.010Z,3,4.5\n"
        + "2024-01-01T00:00:00.020Z,NaN,6\n", Double.NaN);
    assertEquals(List.of("a", "b"), iso.channelNames());
    assertEquals(100.0, iso.sampleRateHz(), 1e-9);
    assertEquals(1704067200010L, iso.timestampsMs()[1]);
    assertArrayEquals(new float[] {2, 4.5f, 6}, iso.values()[1]);
    assertTrue(Float.isNaN(iso.values()[0][2]));
    TelemetrySeries epoch = read("time,x\n1000,1\n2000,2\n", Double.NaN);
    assertEquals(1.0, epoch.sampleRateHz(), 1e-9);
    TelemetrySeries dates = read("date,x\n2012-01-01,1\n2012-01-02,2\n", Double.NaN);
    assertEquals(86_400_000L, dates.timestampsMs()[1] - dates.timestampsMs()[0]);
  }

  @Test
  void aFileWithoutTimesNeedsARateFromTheCallerOrItsComment() throws IOException {
    assertEquals(360, read("# sample-rate-hz: 360\necg\n1\n2\n", Double.NaN).sampleRateHz());
    assertEquals(8, read("ecg\n1\n2\n3\n", 250).timestampsMs()[2]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("ecg\n1\n", Double.NaN));
    assertTrue(e.getMessage().contains("--rate"), e.getMessage());
  }

  @Test
  void badLinesSayWhereAndWhatWasExpected() {
    IllegalArgumentException columns = assertThrows(IllegalArgumentException.class,
        () -> read("timestamp,a\n2024-01-01T00:00:00Z,1,2\n", Double.NaN));
    assertTrue(columns.getMessage().contains("line 2") && columns.getMessage().contains("3 columns"), columns.getMessage());
    IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
        () -> read("timestamp,a\n2024-01-01T00:00:00Z,warm\n", Double.NaN));
    assertTrue(value.getMessage().contains("'a'") && value.getMessage().contains("expected a number"), value.getMessage());
    IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
        () -> read("timestamp,a\nyesterday,1\n", Double.NaN));
    assertTrue(time.getMessage().contains("ISO-8601"), time.getMessage());
  }

  @Test
  void whatItWritesReadsBackTheSame() throws IOException {
    TelemetrySeries s = read("timestamp,a,b\n2024-01-01T00:00:00Z,1.25,-2\n2024-01-01T00:00:01Z,3.1,4e-7\n",
        Double.NaN);
    StringWriter out = new StringWriter();
    TelemetryCsv.write(s, out);
    TelemetrySeries back = read(out.toString(), Double.NaN);
    assertArrayEquals(s.timestampsMs(), back.timestampsMs());
    assertArrayEquals(s.values()[0], back.values()[0]);
    assertArrayEquals(s.values()[1], back.values()[1]);
  }
}
