package io.semstream.codecs.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class GaussianScaleTableTest {
  private final GaussianScaleTable table = GaussianScaleTable.standard();

  @Test
  void scalesAreLogSpacedFrom011To256() {
    assertEquals(64, table.size());
    assertEquals(0.11, table.scale(0), 0);
    assertEquals(256.0, table.scale(63), 0);
    double ratio = Math.pow(256 / 0.11, 1 / 63.0);
    for (int i = 1; i < 64; i++) {
      assertEquals(ratio, table.scale(i) / table.scale(i - 1), 1e-12, "step " + i);
    }
    for (int i = 0; i < 64; i++) {
      Cdf cdf = table.cdf(i);
      long l = Math.max(1, (long) Math.ceil(5 * table.scale(i)));
      assertTrue(cdf.hasEscape());
      assertEquals(-l, cdf.minValue(), "table " + i);
      assertEquals(l, cdf.maxValue(), "table " + i);
      assertEquals(16, cdf.precision());
      // Zero is the most likely value and the table is symmetric up to quantisation.
      int zero = cdf.symbolOf(0);
      for (int k = 1; k <= l; k++) {
        assertTrue(cdf.frequency(zero) >= cdf.frequency(cdf.symbolOf(k)));
        assertTrue(Math.abs(cdf.frequency(cdf.symbolOf(k)) - cdf.frequency(cdf.symbolOf(-k))) <= 1);
      }
    }
  }

  @Test
  void indexRuleIsExactAroundEveryBoundary() {
    for (int i = 0; i < 63; i++) {
      float b = table.boundary(i);
      assertTrue(b > table.scale(i) && b < table.scale(i + 1), "boundary " + i + " between its scales");
      assertEquals(i, table.indexOf(b), "on boundary " + i);
      assertEquals(i + 1, table.indexOf(Math.nextUp(b)), "one ulp above boundary " + i);
      assertEquals(i, table.indexOf(Math.nextDown(b)), "one ulp below boundary " + i);
      assertEquals(i, table.indexOf((float) table.scale(i)), "on scale " + i);
    }
    assertEquals(63, table.indexOf((float) table.scale(63)));
    assertEquals(0, table.indexOf(0f));
    assertEquals(0, table.indexOf(-0f));
    assertEquals(0, table.indexOf(-5f));
    assertEquals(0, table.indexOf(Float.NEGATIVE_INFINITY));
    assertEquals(0, table.indexOf(Float.MIN_VALUE));
    assertEquals(63, table.indexOf(1e9f));
    assertEquals(63, table.indexOf(Float.POSITIVE_INFINITY));
    assertEquals(63, table.indexOf(Float.NaN));
  }

  @Test
  void indexIsTheNearestScaleInLogTermsAndMonotone() {
    Random rnd = new Random(21);
    int previous = 0;
    float s = 0.05f;
    while (s < 400f) {
      int idx = table.indexOf(s);
      assertTrue(idx >= previous, "monotone at " + s);
      previous = idx;
      // Nearest in log terms (ties excepted, which the boundary test pins).
      double best = Double.MAX_VALUE;
      for (int i = 0; i < 64; i++) {
        best = Math.min(best, Math.abs(Math.log(s / table.scale(i))));
      }
      assertEquals(best, Math.abs(Math.log(s / table.scale(idx))), 1e-6, "at " + s);
      s *= 1 + 0.01f * rnd.nextFloat();
    }
    float[] many = {0.2f, 1f, 3f, 100f};
    assertArrayEquals(new int[] {table.indexOf(0.2f), table.indexOf(1f), table.indexOf(3f), table.indexOf(100f)},
        table.indexesOf(many));
  }

  /**
   * Pins the standard tables bit for bit: this checksum changing means every stream coded with the old
   * tables no longer decodes (a format change, to be made on purpose).
   */
  @Test
  void standardTablesArePinned() {
    CRC32 crc = new CRC32();
    for (int i = 0; i < table.size(); i++) {
      for (int f : table.cdf(i).frequencies()) {
        crc.update(f >>> 8);
        crc.update(f);
      }
      if (i < table.size() - 1) {
        int bits = Float.floatToIntBits(table.boundary(i));
        for (int k = 24; k >= 0; k -= 8) {
          crc.update(bits >>> k);
        }
      }
    }
    assertEquals(PINNED_CRC, crc.getValue(), "standard scale tables changed: the bitstream format changed");
  }

  static final long PINNED_CRC = 2337403252L;

  @Test
  void gaussianLatentsCodeNearTheirLikelihood() {
    Random rnd = new Random(22);
    int n = 50_000;
    int[] values = new int[n];
    float[] scales = new float[n];
    for (int i = 0; i < n; i++) {
      scales[i] = (float) Math.exp(Math.log(0.05) + rnd.nextDouble() * Math.log(400 / 0.05));
      values[i] = (int) Math.round(rnd.nextGaussian() * scales[i]);
      if (i % 5000 == 0) {
        values[i] = 1 << 20; // an outlier, escaped
      }
    }
    int[] idx = table.indexesOf(scales);
    byte[] bytes = EntropyCoding.encode(values, idx, table);
    assertArrayEquals(values, EntropyCoding.decode(bytes, idx, table));
    double estimated = EntropyCoding.estimatedBits(values, idx, table);
    assertEquals(estimated, 8.0 * bytes.length, 16);
    // Against the unquantised likelihood at the predicted scales: the table's scale grid and 16-bit
    // frequencies cost a little (and the tiny scales below 0.11 cost more), but not much.
    double likelihood = EntropyCoding.gaussianBits(values, null, scales, 1e-9);
    assertTrue(8.0 * bytes.length < likelihood * 1.03, bytes.length * 8 + " bits vs likelihood " + likelihood);
  }
}
