package io.semstream.codecs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.telemetry.SeriesWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TelemetryEvaluatorTest {

  private static TelemetryEvaluator.Series series(String id, int windows, double drift) {
    List<SeriesWindow> out = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      float[] s = new float[2 * 64];
      for (int t = 0; t < 64; t++) {
        double time = w * 64 + t;
        s[t] = (float) (Math.sin(time / 7) + drift * time / 64);
        s[64 + t] = (float) (100 + 5 * Math.cos(time / 19));
      }
      out.add(new SeriesWindow(2, 64, s));
    }
    return new TelemetryEvaluator.Series(id, out);
  }

  @Test
  void theBoundIsBelowTheLinearSchemeWhichImprovesWithSnrAndTheDigitalChainLosesBelowItsDesign() {
    List<TelemetryEvaluator.Series> data = List.of(series("a", 6, 0.1), series("b", 4, 0));
    List<TelemetryEvalRow> rows = new TelemetryEvaluator(1, 10).evaluate(List.of("linear", "gorilla-ldpc", "bound"),
        List.of(1.0, 0.25), List.of("awgn"), List.of(1.0, 13.0, 25.0), data, done -> { });
    assertEquals(3 * 2 * 3, rows.size());
    Map<String, TelemetryEvalRow> byKey = rows.stream().collect(Collectors.toMap(
        r -> r.codec() + "@" + r.snrDb(), Function.identity()));
    for (String cbr : List.of("c1", "c4")) {
      for (double snr : List.of(1.0, 13.0, 25.0)) {
        TelemetryEvalRow linear = byKey.get("linear-" + cbr + "@" + snr);
        TelemetryEvalRow bound = byKey.get("bound-" + cbr + "@" + snr);
        assertTrue(bound.nmseDb() < linear.nmseDb(), cbr + " " + snr + " dB: bound " + bound.nmseDb() + ", linear "
            + linear.nmseDb());
        assertEquals(10, linear.windows());
        assertEquals(1.0, linear.power(), 0.1, "the calibrated profile keeps the power on average");
      }
      assertTrue(byKey.get("linear-" + cbr + "@13.0").nmseDb() < byKey.get("linear-" + cbr + "@1.0").nmseDb());
    }
    // The chain's MCS is chosen for 10 dB: at 25 dB every window arrives, at 1 dB none does.
    assertEquals(0, byKey.get("gorilla-ldpc-c1@25.0").lost());
    assertEquals(10, byKey.get("gorilla-ldpc-c1@1.0").lost());
  }
}
