package io.semstream.topology.sensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineMetersTest {

  @Test
  void reasonsBecomeBoundedLabels() {
    assertEquals("RAW_RGBN payload of N bytes does not match N = N bytes",
        PipelineMeters.reasonKind("RAW_RGB8 payload of 12 bytes does not match 64x64x3 = 12288 bytes"));
    assertEquals("not an Avro single-object encoded Frame",
        PipelineMeters.reasonKind("not an Avro single-object encoded Frame (3 bytes, expected header C3 01)"));
    assertEquals("codec deepjscc-cN cannot encode frame N",
        PipelineMeters.reasonKind("codec deepjscc-c16 cannot encode frame 41: NaN in the latent"));
    assertEquals("unknown", PipelineMeters.reasonKind(""));
    assertEquals("unknown", PipelineMeters.reasonKind(null));
    assertTrue(PipelineMeters.reasonKind("x".repeat(10_000)).length() <= 60, "a 10 kB reason is cut");
    // Two records with the same fault and different numbers share one label.
    assertEquals(PipelineMeters.reasonKind("window 3 goes backwards: 9000 < 10000"),
        PipelineMeters.reasonKind("window 77 goes backwards: 1 < 2"));
  }

  @Test
  void everyMeterRegistersAndRecords() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PipelineMeters m = PipelineMeters.of(Map.of(PipelineMeters.CONFIG_KEY, registry), "app-rx");
    m.recordIn("frames");
    m.recordOut("reconstructions-sink");
    m.deadLetter("decoder", "codec x cannot decode packet 4: bad");
    m.encoded("c", 1_000_000);
    m.decoded("c", 2_000_000);
    m.reconstruction("c", 31.5, 1 / 16.0, false);
    m.reconstruction("c", null, 1 / 16.0, true);
    m.telemetryWindow("t", -20.0, 0.25, false);
    m.telemetryWindow("t", null, 0.25, true);
    m.deltaSent();
    m.deltaRefused("no-gain");
    m.deltaApplied();
    assertEquals(1, registry.get("semstream.psnr").tag("application", "app-rx").summary().count());
    assertEquals(2, registry.get("semstream.cbr").tag("codec", "c").summary().count());
    assertEquals(0.01, registry.get("semstream.nmse").summary().max(), 1e-12);
    assertEquals(2, registry.get("semstream.frames.lost").counters().stream().mapToDouble(c -> c.count()).sum());
    assertEquals(0.002, registry.get("semstream.decode").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS), 1e-9);
    assertEquals(1, registry.get("semstream.deltas.refused").tag("reason", "no-gain").counter().count());
  }

  @Test
  void withoutARegistryNothingIsKeptAndNothingFails() {
    PipelineMeters m = PipelineMeters.of(Map.of(), "app");
    m.reconstruction("c", 30.0, 0.1, false);
    m.deadLetter("p", "r");
  }
}
