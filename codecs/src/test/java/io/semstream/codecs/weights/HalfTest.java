package io.semstream.codecs.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfTest {
  @Test
  void exactValuesSurvive() {
    for (float f : new float[] {0f, -0f, 1f, -2f, 0.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f}) {
      assertEquals(f, Half.toFloat(Half.fromFloat(f)), 0f, "value " + f);
    }
    assertTrue(Float.isInfinite(Half.toFloat(Half.fromFloat(1e6f))));
    assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
  }

  @Test
  void relativeErrorWithinHalfPrecision() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      float f = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-4, 4)));
      float back = Half.toFloat(Half.fromFloat(f));
      if (Math.abs(f) > 6.2e-5f) { // normal range: 11 significant bits
        assertTrue(Math.abs(back - f) <= Math.abs(f) * 0x1p-11f, f + " -> " + back);
      } else {
        assertTrue(Math.abs(back - f) <= 0x1p-25f, f + " -> " + back);
      }
    }
  }
}
