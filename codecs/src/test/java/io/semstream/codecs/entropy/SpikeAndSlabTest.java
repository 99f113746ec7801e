package io.semstream.codecs.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpikeAndSlabTest {

  /** k = 0 with probability π, else ±(geometric magnitude with q = e^(−1/b)). */
  static int[] sample(Random rnd, int n, double pi, double b) {
    double q = Math.exp(-1 / b);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      if (rnd.nextDouble() < pi) {
        continue;
      }
      int m = 1 + (int) Math.floor(Math.log(1 - rnd.nextDouble()) / Math.log(q));
      v[i] = rnd.nextBoolean() ? m : -m;
    }
    return v;
  }

  @Test
  void tableFollowsTheDocumentedModel() {
    SpikeAndSlab prior = new SpikeAndSlab(49152, 80, 40); // π = 0.75, b = 2
    assertEquals(0.75, prior.pi(), 0);
    assertEquals(2.0, prior.scale(), 1e-15);
    Cdf cdf = prior.cdf();
    assertEquals(-40, cdf.minValue());
    assertEquals(40, cdf.maxValue());
    assertTrue(cdf.hasEscape());
    double q = Math.exp(-0.5);
    assertEquals(0.75, cdf.probability(cdf.symbolOf(0)), 2.0 / 65536 + 0.005 * 0.75);
    for (int k = 1; k <= 6; k++) {
      double p = 0.25 * (1 - q) / 2 * Math.pow(q, k - 1);
      assertEquals(p, cdf.probability(cdf.symbolOf(k)), 2.0 / 65536 + 0.005 * p, "P(" + k + ")");
      assertEquals(p, cdf.probability(cdf.symbolOf(-k)), 2.0 / 65536 + 0.005 * p, "P(-" + k + ")");
      assertEquals(-Math.log(p) / Math.log(2), prior.modelBits(k), 1e-9);
    }
    assertEquals(-Math.log(0.75) / Math.log(2), prior.modelBits(0), 1e-12);
    assertEquals(prior, SpikeAndSlab.of(0.75, 2.0, 40));
  }

  @Test
  void fitRecoversTheParameters() {
    Random rnd = new Random(31);
    double[][] cases = {{0.7, 3}, {0.95, 0.8}, {0.2, 40}};
    for (double[] c : cases) {
      int[] values = sample(rnd, 200_000, c[0], c[1]);
      SpikeAndSlab fit = SpikeAndSlab.fit(values);
      assertEquals(c[0], fit.pi(), 0.01, "π for " + c[0] + ", " + c[1]);
      assertEquals(c[1], fit.scale(), c[1] * 0.05, "b for " + c[0] + ", " + c[1]);
      byte[] bytes = fit.encode(values);
      assertArrayEquals(values, SpikeAndSlab.decode(bytes, values.length));
      double estimated = fit.estimatedBits(values);
      assertEquals(estimated, 8.0 * bytes.length, 16);
      double model = SpikeAndSlab.HEADER_BITS;
      for (int v : values) {
        model += fit.modelBits(v);
      }
      assertTrue(8.0 * bytes.length < model * 1.01 + 16, 8.0 * bytes.length + " bits vs model " + model);
    }
  }

  @Test
  void outliersEmptyAndAllZeroRoundTrip() {
    Random rnd = new Random(32);
    int[] values = sample(rnd, 10_000, 0.9, 1.5);
    values[5] = 1 << 30;
    values[6] = Integer.MIN_VALUE;
    values[7] = Integer.MAX_VALUE;
    values[8] = -(1 << 20);
    assertArrayEquals(values, SpikeAndSlab.decode(SpikeAndSlab.fitAndEncode(values), values.length));
    int[] zeros = new int[50_000];
    byte[] z = SpikeAndSlab.fitAndEncode(zeros);
    assertTrue(z.length < 5 + 10, "all zeros cost " + z.length + " bytes");
    assertArrayEquals(zeros, SpikeAndSlab.decode(z, zeros.length));
    assertArrayEquals(new int[0], SpikeAndSlab.decode(SpikeAndSlab.fitAndEncode(new int[0]), 0));
  }

  @Test
  void headerRoundTripsAndBadHeadersAreRejected() {
    SpikeAndSlab prior = new SpikeAndSlab(1234, 200, 32766);
    RangeEncoder enc = new RangeEncoder();
    prior.writeHeader(enc);
    byte[] bytes = enc.finish();
    assertTrue(bytes.length <= 5);
    assertEquals(prior, SpikeAndSlab.readHeader(new RangeDecoder(bytes)));

    RangeEncoder bad = new RangeEncoder();
    bad.encodeBits(0, 16); // π = 0
    bad.encodeBits(10, 8);
    bad.encodeBits(5, 16);
    assertThrows(EntropyCodingException.class, () -> SpikeAndSlab.readHeader(new RangeDecoder(bad.finish())));
    RangeEncoder bad2 = new RangeEncoder();
    bad2.encodeBits(100, 16);
    bad2.encodeBits(10, 8);
    bad2.encodeBits(40000, 16); // K too large
    assertThrows(EntropyCodingException.class, () -> SpikeAndSlab.readHeader(new RangeDecoder(bad2.finish())));
    assertThrows(IllegalArgumentException.class, () -> new SpikeAndSlab(0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SpikeAndSlab(1, 256, 1));
    assertThrows(IllegalArgumentException.class, () -> new SpikeAndSlab(1, 0, 0));
  }

  @Test
  void truncatedDeltaPayloadsFailCleanly() {
    Random rnd = new Random(33);
    int[] values = sample(rnd, 3000, 0.6, 4);
    byte[] bytes = SpikeAndSlab.fitAndEncode(values);
    int detected = 0;
    for (int cut = 0; cut < bytes.length; cut += 1 + bytes.length / 200) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
      try {
        int[] out = SpikeAndSlab.decode(truncated, values.length);
        if (!java.util.Arrays.equals(out, values)) {
          detected++; // decoded to different values: the caller's checksum must catch it
        }
      } catch (EntropyCodingException e) {
        detected++;
      }
    }
    assertTrue(detected > 150, "only " + detected + " truncations differed");
  }
}
