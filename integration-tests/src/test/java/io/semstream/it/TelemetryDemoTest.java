package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semstream.cli.SemStreamCli;
import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.codecs.telemetry.TelemetrySeries;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code semstream demo --telemetry} on a real embedded broker: an 8-channel, 100 Hz CSV in one-second
 * windows, a last window shorter than the others, every window reconstructed, scored and equal to its
 * offline decode, and the reconstructed series written back as CSV.
 */
class TelemetryDemoTest {
  @TempDir Path tmp;

  @Test
  void aCsvSeriesComesBackReconstructedScoredAndAsTheOfflineCodecDecodesIt() throws Exception {
    Path csv = tmp.resolve("plant.csv");
    StringBuilder b = new StringBuilder("timestamp");
    for (int c = 0; c < 8; c++) {
      b.append(",sensor").append(c);
    }
    b.append('\n');
    long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    int points = 530;
    for (int t = 0; t < points; t++) {
      b.append(Instant.ofEpochMilli(start + 10L * t));
      for (int c = 0; c < 8; c++) {
        double v = Math.pow(10, c % 3) * Math.sin(2 * Math.PI * (0.3 + 0.4 * c) * t / 100.0) + 20 * c;
        b.append(',').append((float) v);
      }
      b.append('\n');
    }
    Files.writeString(csv, b.toString());
    Path json = tmp.resolve("summary.json");
    Path out = tmp.resolve("decoded.csv");
    int code = SemStreamCli.commandLine().execute("demo", "--telemetry", csv.toString(), "--window", "100",
        "--codec", "linear-c4", "--snr", "13", "--json", json.toString(), "--out", out.toString());
    assertEquals(0, code);
    JsonNode s = new ObjectMapper().readTree(json.toFile());
    assertEquals(6, s.get("windowsSent").asInt(), "five windows of 100 and one of 30");
    assertEquals(6, s.get("reconstructed").asInt());
    assertEquals(0, s.get("deadLetters").asInt());
    assertEquals(0, s.get("lost").asInt());
    assertTrue(s.get("identicalToOffline").asBoolean());
    assertEquals(0.25, s.get("meanCbr").asDouble(), 1e-9);
    assertTrue(s.get("meanNmseDb").asDouble() < -8, "NMSE " + s.get("meanNmseDb") + " dB at 13 dB, CBR 1/4");
    TelemetrySeries back;
    try (BufferedReader in = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      back = TelemetryCsv.read(in, Double.NaN, out.toString());
    }
    assertEquals(8, back.channels());
    assertEquals(points, back.length());
    assertEquals(start + 10L * (points - 1), back.timestampsMs()[points - 1]);
    assertEquals(100.0, back.sampleRateHz(), 1e-9);
  }
}
