package io.semstream.codecs.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Dct1dTest {

  @Test
  void isOrthonormalAndInvertsAtAnyLength() {
    SplittableRandom random = new SplittableRandom(1);
    for (int n : new int[] {1, 2, 7, 100, 257}) {
      float[] x = new float[n];
      double energy = 0;
      for (int i = 0; i < n; i++) {
        x[i] = (float) random.nextGaussian();
        energy += x[i] * x[i];
      }
      double[] c = Dct1d.forward(x);
      double coefficientEnergy = 0;
      for (double v : c) {
        coefficientEnergy += v * v;
      }
      assertEquals(energy, coefficientEnergy, 1e-6 * Math.max(1, energy));
      double[] back = Dct1d.inverse(c);
      for (int i = 0; i < n; i++) {
        assertEquals(x[i], back[i], 1e-5);
      }
    }
  }

  @Test
  void aConstantHasOnlyTheFirstCoefficient() {
    float[] x = new float[64];
    java.util.Arrays.fill(x, 3f);
    double[] c = Dct1d.forward(x);
    assertEquals(3 * Math.sqrt(64), c[0], 1e-9);
    for (int k = 1; k < 64; k++) {
      assertEquals(0, c[k], 1e-9);
    }
  }
}
