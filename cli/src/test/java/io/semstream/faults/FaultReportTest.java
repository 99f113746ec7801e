package io.semstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.faults.FaultRun.Fault;
import io.semstream.faults.FaultRun.RunRecord;
import io.semstream.faults.OutputWatcher.Delta;
import io.semstream.faults.OutputWatcher.Output;
import io.semstream.faults.OutputWatcher.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The fault run's verdict on made-up runs: each kind of damage must fail it. */
class FaultReportTest {
  static final FaultRun.Options OPTIONS = new FaultRun.Options(2, 10, 1, 64, 64, "explicit-c16", 5, 2, 4,
      Path.of("unused"));
  static final long START = 1_000_000;

  @Test
  void identicalRunsWithShortStallsPass() {
    FaultReport r = FaultReport.compare(OPTIONS, run(false, m -> {}), run(true, m -> {}));
    assertTrue(r.passed(), r.json().toString());
    assertEquals(0, r.json().get("missing"));
    assertEquals(20, r.json().get("reconstructions"));
    assertEquals(4, r.json().get("faultsInjected"));
    assertEquals(2, r.json().get("deltas"));
  }

  @Test
  void aMissingReconstructionFails() {
    FaultReport r = FaultReport.compare(OPTIONS, run(false, m -> {}), run(true, m -> m.outputs.remove("cam-2/7")));
    assertFalse(r.passed());
    assertEquals(1, r.json().get("missing"));
  }

  @Test
  void aReconstructionCommittedTwiceFails() {
    FaultReport r = FaultReport.compare(OPTIONS, run(false, m -> {}), run(true, m -> m.outputs.get("cam-1/3")
        .add(new Output("d-cam-1/3", 0, false, false, START + 3500))));
    assertFalse(r.passed());
    assertEquals(1, r.json().get("duplicates"));
  }

  @Test
  void otherPixelsOrAnotherVersionThanTheReferenceFail() {
    FaultReport pixels = FaultReport.compare(OPTIONS, run(false, m -> {}), run(true, m -> m.outputs.put("cam-1/4",
        new ArrayList<>(List.of(new Output("other", 0, false, false, START + 4000))))));
    assertFalse(pixels.passed());
    assertEquals(1, pixels.json().get("mismatches"));

    FaultReport stale = FaultReport.compare(OPTIONS, run(false, m -> {}), run(true, m -> m.outputs.put("cam-1/9",
        new ArrayList<>(List.of(new Output("d-cam-1/9", 1, true, false, START + 9000))))));
    assertFalse(stale.passed());
    assertEquals(1, stale.json().get("versionDisagreements"), "decoded stale, at another version than named");
  }

  @Test
  void aDeltaAppliedTwiceOrMissingFromTheChainFails() {
    FaultReport twice = FaultReport.compare(OPTIONS, run(false, m -> {}),
        run(true, m -> m.deltas.add(new Delta("cam-1", 0, 1, 5, "delta-cam-1"))));
    assertFalse(twice.passed());
    assertEquals(1, twice.json().get("deltaDuplicates"));

    FaultReport skipped = FaultReport.compare(OPTIONS, run(false, m -> {}),
        run(true, m -> m.deltas.removeIf(d -> d.streamId().equals("cam-2"))));
    assertFalse(skipped.passed());
    assertEquals(1, skipped.json().get("deltaMismatches"));
  }

  @Test
  void aStallLongerThanTheTargetFails() {
    // cam-2 shows nothing from 2 s to 40 s after the start: the faults at 2 s and 4 s both see it stall.
    FaultReport r = FaultReport.compare(OPTIONS, run(false, m -> {}), run(true, m -> {
      for (int seq = 2; seq < 10; seq++) {
        String key = "cam-2/" + seq;
        Output o = m.outputs.get(key).get(0);
        m.outputs.put(key, new ArrayList<>(List.of(new Output(o.digest(), o.version(), false, false,
            START + 40_000 + seq))));
      }
    }));
    assertFalse(r.passed());
    assertTrue((Double) r.json().get("worstStallSeconds") > 30, r.json().toString());
  }

  /** A made-up run: 2 streams x 10 frames, one a second, every frame at version 0 until a delta at frame 5. */
  private static RunRecord run(boolean faults, Consumer<Mutable> damage) {
    Mutable m = new Mutable();
    for (int s = 1; s <= 2; s++) {
      for (int seq = 0; seq < 10; seq++) {
        String key = "cam-" + s + "/" + seq;
        long version = seq >= 5 ? 1 : 0;
        m.outputs.put(key, new ArrayList<>(List.of(new Output("d-" + key, version, false, false,
            START + seq * 1000L + 500))));
        m.versions.put(key, version);
      }
      m.deltas.add(new Delta("cam-" + s, 0, 1, 5, "delta-cam-" + s));
    }
    damage.accept(m);
    List<Fault> injected = faults ? List.of(new Fault("SIGKILL", "tx-1", START + 2000, START + 2100),
        new Fault("SIGKILL", "rx-1", START + 4000, START + 4100),
        new Fault("SIGKILL and restart", "broker-2", START + 6000, START + 7000),
        new Fault("clean restart", "broker-3", START + 8000, START + 8500)) : List.of();
    return new RunRecord(faults ? "faults-" : "reference-", 20, START, START + 10_000,
        new Snapshot(m.outputs, m.versions, 0, m.deltas, 0), injected);
  }

  private static final class Mutable {
    final Map<String, List<Output>> outputs = new HashMap<>();
    final Map<String, Long> versions = new HashMap<>();
    final List<Delta> deltas = new ArrayList<>();
  }
}
