package io.semstream.codecs.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CdfTest {

  /** Independent reference: Simpson's rule on the Gaussian density (no erfc involved). */
  static double gaussianMass(double a, double b, double mean, double sigma) {
    int m = 2000;
    double h = (b - a) / m;
    double sum = 0;
    for (int i = 0; i <= m; i++) {
      double x = a + i * h;
      double z = (x - mean) / sigma;
      double w = i == 0 || i == m ? 1 : (i % 2 == 1 ? 4 : 2);
      sum += w * Math.exp(-0.5 * z * z);
    }
    return sum * h / 3 / (sigma * Math.sqrt(2 * Math.PI));
  }

  static void assertValidTable(Cdf cdf) {
    int sum = 0;
    for (int s = 0; s < cdf.size(); s++) {
      assertTrue(cdf.frequency(s) >= 1, "symbol " + s + " has no frequency");
      assertEquals(sum, cdf.cumulative(s));
      sum += cdf.frequency(s);
    }
    assertEquals(1 << cdf.precision(), sum);
    assertEquals(sum, cdf.total());
  }

  @Test
  void erfcMatchesHighPrecisionValues() {
    // mpmath, 30 digits
    double[][] ref = {{0.1, 0.8875370839817151016}, {0.5, 0.47950012218695346232}, {1, 0.15729920705028513066},
        {1.99, 0.0048885868003830029527}, {2, 0.0046777349810472658379}, {2.01, 0.0044751506447517629202},
        {3, 0.000022090496998585441373}, {5, 1.5374597944280348502e-12}, {10, 2.088487583762544757e-45},
        {20, 5.3958656116079009289e-176}};
    for (double[] r : ref) {
      assertEquals(r[1], Distributions.erfc(r[0]), r[1] * 2e-13, "erfc(" + r[0] + ")");
      assertEquals(2 - r[1], Distributions.erfc(-r[0]), 1e-15, "erfc(-" + r[0] + ")");
    }
    assertEquals(1.0, Distributions.erfc(0), 0);
    assertEquals(0.0, Distributions.erfc(40), 0);
  }

  @Test
  void discretisedGaussianSumsToOneAndMatchesPhiDifferences() {
    double[][] cases = {{0, 1}, {0.37, 0.11}, {-3.2, 7.5}, {12.5, 2}, {0, 256}, {40, 1}};
    for (double[] c : cases) {
      double mean = c[0];
      double sigma = c[1];
      int min = -10;
      int max = 10;
      double[] bt = Distributions.binsAndTails(Distributions.Shape.GAUSSIAN, mean, sigma, min, max);
      double total = 0;
      for (double p : bt) {
        total += p;
      }
      assertEquals(1.0, total, 1e-12, "sum for " + mean + ", " + sigma);
      for (int k = min; k <= max; k++) {
        double ref = gaussianMass(k - 0.5, k + 0.5, mean, sigma);
        assertEquals(ref, bt[k - min], 1e-11 + ref * 1e-9, "P(" + k + ") for N(" + mean + ", " + sigma + "²)");
      }
      // The tails are the masses beyond the end bins.
      double lowerRef = 0.5 * Distributions.erfc(-((min - 0.5 - mean) / sigma) / Math.sqrt(2));
      assertEquals(lowerRef, bt[max - min + 1], 1e-15);
      // Quantised: every bin within two units of its share, tails folded into the end bins.
      Cdf cdf = Cdf.discretisedGaussian(mean, sigma, min, max);
      assertValidTable(cdf);
      assertFalse(cdf.hasEscape());
      for (int k = min; k <= max; k++) {
        double p = bt[k - min] + (k == min ? bt[max - min + 1] : 0) + (k == max ? bt[max - min + 2] : 0);
        // Floors of the empty far bins are paid for by the others, a few units each at most.
        assertEquals(p, cdf.probability(k - min), 2.0 / 65536 + 2e-3 * p, "quantised P(" + k + ")");
      }
    }
  }

  @Test
  void escapeCarriesTheTailMass() {
    Cdf cdf = Cdf.discretisedGaussian(0, 3, -4, 4, Cdf.Tails.ESCAPE, 16);
    assertValidTable(cdf);
    assertTrue(cdf.hasEscape());
    assertEquals(10, cdf.size());
    assertEquals(9, cdf.escapeSymbol());
    assertEquals(-4, cdf.minValue());
    assertEquals(4, cdf.maxValue());
    double tails = 2 * gaussianMass(4.5, 60, 0, 3);
    assertEquals(tails, cdf.probability(9), 1.0 / 65536);
    assertEquals(-1, cdf.symbolOf(5));
    assertEquals(8, cdf.symbolOf(4));
    assertEquals(Double.POSITIVE_INFINITY, Cdf.discretisedGaussian(0, 3, -4, 4).codeLength(5));
  }

  @Test
  void logisticAndLaplaceMatchTheirClosedForms() {
    double mean = 0.8;
    double s = 1.7;
    double[] bt = Distributions.binsAndTails(Distributions.Shape.LOGISTIC, mean, s, -6, 6);
    double total = 0;
    for (int k = -6; k <= 6; k++) {
      double ref = 1 / (1 + Math.exp(-(k + 0.5 - mean) / s)) - 1 / (1 + Math.exp(-(k - 0.5 - mean) / s));
      assertEquals(ref, bt[k + 6], 1e-14);
      total += bt[k + 6];
    }
    assertEquals(1.0, total + bt[13] + bt[14], 1e-14);
    double[] lt = Distributions.binsAndTails(Distributions.Shape.LAPLACE, mean, s, -6, 6);
    for (int k = -6; k <= 6; k++) {
      double ref = laplaceCdf(k + 0.5, mean, s) - laplaceCdf(k - 0.5, mean, s);
      assertEquals(ref, lt[k + 6], 1e-14);
    }
    assertValidTable(Cdf.discretisedLogistic(mean, s, -6, 6));
    assertValidTable(Cdf.discretisedLaplace(mean, s, -6, 6, Cdf.Tails.ESCAPE, 10));
  }

  private static double laplaceCdf(double x, double mean, double b) {
    return x < mean ? 0.5 * Math.exp((x - mean) / b) : 1 - 0.5 * Math.exp(-(x - mean) / b);
  }

  @Test
  void quantisationGivesEveryoneAFrequencyAndCostsLittle() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 300; trial++) {
      int precision = 1 + rnd.nextInt(16);
      int n = 1 + rnd.nextInt(Math.min(3000, 1 << precision));
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        p[i] = rnd.nextInt(3) == 0 ? 0 : Math.exp(-20 * rnd.nextDouble());
      }
      p[0] += 1e-9;
      Cdf cdf = Cdf.fromProbabilities(p, precision);
      assertValidTable(cdf);
      assertEquals(n, cdf.size());
    }
    // For a smooth distribution at 16 bits, the cross-entropy exceeds the entropy by < 0.1 %.
    double[] p = new double[300];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(-Math.pow((i - 150) / 30.0, 2) / 2);
      sum += p[i];
    }
    Cdf cdf = Cdf.fromProbabilities(p);
    double entropy = 0;
    double cross = 0;
    for (int i = 0; i < p.length; i++) {
      double q = p[i] / sum;
      entropy -= q * Math.log(q) / Math.log(2);
      cross += q * cdf.bits(i);
    }
    assertTrue(cross - entropy < 1e-3 * entropy, "overhead " + (cross - entropy) + " of " + entropy);
    assertTrue(cross >= entropy);
  }

  @Test
  void extremeProbabilitiesQuantiseAsDocumented() {
    Cdf cdf = Cdf.fromProbabilities(new double[] {0, 1, 0});
    assertEquals(1, cdf.frequency(0));
    assertEquals(65534, cdf.frequency(1));
    assertEquals(1, cdf.frequency(2));
    // A precision exactly filled: every frequency is one.
    Cdf tight = Cdf.fromProbabilities(new double[] {1000, 1, 1, 1}, 2);
    for (int s = 0; s < 4; s++) {
      assertEquals(1, tight.frequency(s));
    }
    // Ties go to the lowest index.
    Cdf ties = Cdf.fromProbabilities(new double[] {1, 1, 1}, 4);
    assertEquals(6, ties.frequency(0));
    assertEquals(5, ties.frequency(1));
    assertEquals(5, ties.frequency(2));
    Cdf u = Cdf.uniform(3);
    assertValidTable(u);
    assertTrue(Math.abs(u.frequency(0) - u.frequency(2)) <= 1);
  }

  @Test
  void badInputsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromProbabilities(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromProbabilities(new double[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromProbabilities(new double[] {1, Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromProbabilities(new double[] {1, -0.1}));
    assertThrows(IllegalArgumentException.class,
        () -> Cdf.fromProbabilities(new double[] {1, Double.POSITIVE_INFINITY}));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromProbabilities(new double[5], 2));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromProbabilities(new double[] {1, 1}, 17));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromProbabilities(new double[] {1, 1}, 0));
    assertThrows(IllegalArgumentException.class, () -> Cdf.discretisedGaussian(0, 0, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> Cdf.discretisedGaussian(0, Double.NaN, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> Cdf.discretisedGaussian(Double.NaN, 1, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> Cdf.discretisedGaussian(0, 1, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> Cdf.discretisedGaussian(0, 1, -40000, 40000));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromFrequencies(new int[] {1, 2}, 0, false));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromFrequencies(new int[] {0, 4}, 0, false));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromFrequencies(new int[] {4}, 0, true));
    assertThrows(IllegalArgumentException.class, () -> Cdf.uniform(0));
    assertThrows(IllegalArgumentException.class, () -> Cdf.uniform(65537));
  }

  @Test
  void tablesAreDeterministicAndShippableAsFrequencies() {
    Cdf a = Cdf.discretisedGaussian(0.25, 3.3, -20, 20, Cdf.Tails.ESCAPE, 15);
    Cdf b = Cdf.discretisedGaussian(0.25, 3.3, -20, 20, Cdf.Tails.ESCAPE, 15);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    Cdf shipped = Cdf.fromFrequencies(a.frequencies(), a.minValue(), a.hasEscape());
    assertEquals(a, shipped);
    assertEquals(15, shipped.precision());
    assertNotEquals(a, Cdf.discretisedGaussian(0.25, 3.4, -20, 20, Cdf.Tails.ESCAPE, 15));
    int[] f = a.frequencies();
    f[0] = 99;
    assertEquals(a, b); // a copy
  }

  @Test
  void valueMappingIsOverflowSafe() {
    Cdf low = Cdf.forIntegers(new double[] {1, 1, 1}, 0, 0, Long.MIN_VALUE, Cdf.Tails.ESCAPE, 8);
    assertEquals(0, low.symbolOf(Long.MIN_VALUE));
    assertEquals(2, low.symbolOf(Long.MIN_VALUE + 2));
    assertEquals(-1, low.symbolOf(Long.MAX_VALUE));
    assertEquals(-1, low.symbolOf(0));
    Cdf high = Cdf.forIntegers(new double[] {1, 1, 1}, 0, 0, Long.MAX_VALUE - 2, Cdf.Tails.FOLD, 8);
    assertEquals(2, high.symbolOf(Long.MAX_VALUE));
    assertEquals(-1, high.symbolOf(Long.MIN_VALUE));
    assertEquals(Long.MAX_VALUE, high.maxValue());
  }
}
