package io.semstream.codecs.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EntropyCodingTest {

  @Test
  void perElementTablesRoundTripAndEstimatesMatchTheCodedSize() {
    Random rnd = new Random(41);
    int n = 8_000;
    int[] values = new int[n];
    Cdf[] cdfs = new Cdf[n];
    float[] means = new float[n];
    float[] scales = new float[n];
    for (int i = 0; i < n; i++) {
      means[i] = (float) (rnd.nextGaussian() * 3);
      scales[i] = 0.3f + 6 * rnd.nextFloat();
      cdfs[i] = Cdf.discretisedGaussian(means[i], scales[i], -40, 40, Cdf.Tails.ESCAPE, 16);
      values[i] = (int) Math.round(means[i] + rnd.nextGaussian() * scales[i]);
      if (i % 1000 == 0) {
        values[i] = rnd.nextBoolean() ? 5000 : -(1 << 25);
      }
    }
    byte[] bytes = EntropyCoding.encode(values, cdfs);
    assertArrayEquals(values, EntropyCoding.decode(bytes, cdfs));
    double estimated = EntropyCoding.estimatedBits(values, cdfs);
    assertEquals(estimated, 8.0 * bytes.length, 16);
    // Quantised tables against the exact likelihood: the outliers are where they differ, the rest agrees
    // closely.
    int[] inliers = new int[n - n / 1000];
    Cdf[] inlierCdfs = new Cdf[inliers.length];
    float[] inMeans = new float[inliers.length];
    float[] inScales = new float[inliers.length];
    for (int i = 0, j = 0; i < n; i++) {
      if (i % 1000 != 0) {
        inliers[j] = values[i];
        inlierCdfs[j] = cdfs[i];
        inMeans[j] = means[i];
        inScales[j++] = scales[i];
      }
    }
    double quantised = EntropyCoding.estimatedBits(inliers, inlierCdfs);
    double exact = EntropyCoding.gaussianBits(inliers, inMeans, inScales, 1e-9);
    assertEquals(exact, quantised, exact * 0.002);
  }

  @Test
  void rateLevelsWithASmallTableRoundTrip() {
    Random rnd = new Random(42);
    Cdf levels = Cdf.fromProbabilities(new double[] {0.1, 0.5, 0.3, 0.1});
    int[] values = new int[4096];
    for (int i = 0; i < values.length; i++) {
      values[i] = RangeCoderTest.draw(levels, rnd);
    }
    assertArrayEquals(values, EntropyCoding.decode(EntropyCoding.encode(values, levels), levels, values.length));
  }

  @Test
  void decodingAValueThatDoesNotFitAnIntFails() {
    Cdf cdf = Cdf.discretisedGaussian(0, 1, -3, 3, Cdf.Tails.ESCAPE, 16);
    RangeEncoder enc = new RangeEncoder();
    enc.encodeInteger(1L << 40, cdf);
    byte[] bytes = enc.finish();
    assertEquals(1L << 40, new RangeDecoder(bytes).decodeInteger(cdf));
    assertThrows(EntropyCodingException.class, () -> EntropyCoding.decode(bytes, new Cdf[] {cdf}));
  }

  @Test
  void mismatchedLengthsAreRefused() {
    Cdf cdf = Cdf.uniform(4);
    assertThrows(IllegalArgumentException.class, () -> EntropyCoding.encode(new int[3], new Cdf[2]));
    assertThrows(IllegalArgumentException.class, () -> EntropyCoding.estimatedBits(new int[3], new Cdf[] {cdf}));
    assertTrue(Double.isInfinite(EntropyCoding.estimatedBits(new int[] {9}, new Cdf[] {cdf})));
  }
}
