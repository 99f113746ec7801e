package io.semstream.codecs.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianBoundTest {

  @Test
  void reverseWaterFillingMatchesTheClosedForm() {
    // λ = (4, 1) at 3 bits: both components coded, θ = 2·2^-3 = 0.25, D = 2θ.
    assertEquals(0.5, GaussianBound.distortionAtRate(new double[] {4, 1}, 3), 1e-9);
    // at 0.5 bit only the larger is coded: ½ log2(4/θ) = 0.5 → θ = 2, D = 2 + 1.
    assertEquals(3.0, GaussianBound.distortionAtRate(new double[] {4, 1}, 0.5), 1e-9);
    assertEquals(5.0, GaussianBound.distortionAtRate(new double[] {4, 1}, 0), 0);
  }

  @Test
  void moreChannelUsesOrSnrNeverRaiseTheBound() {
    float[] samples = new float[2 * 100];
    for (int t = 0; t < 100; t++) {
      samples[t] = (float) Math.sin(t / 5.0) + 0.1f * (float) Math.cos(t * 1.7);
      samples[100 + t] = (float) (t % 10) / 10f;
    }
    SeriesWindow w = new SeriesWindow(2, 100, samples);
    double[] location = {0, 0.45};
    double[] weights = {1, 1};
    double previous = Double.POSITIVE_INFINITY;
    for (long uses : new long[] {0, 5, 20, 80}) {
      double d = GaussianBound.weightedDistortion(w, uses, 4, location, weights);
      assertTrue(d <= previous + 1e-12, uses + " uses: " + d + " after " + previous);
      previous = d;
    }
    assertTrue(GaussianBound.weightedDistortion(w, 20, 13, location, weights)
        < GaussianBound.weightedDistortion(w, 20, 1, location, weights));
  }
}
