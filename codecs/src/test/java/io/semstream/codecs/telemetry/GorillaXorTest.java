package io.semstream.codecs.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GorillaXorTest {

  private static long[] doubles(double... v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Double.doubleToRawLongBits(v[i]);
    }
    return out;
  }

  /**
   * The paper's worked example (Figure 2): 12 → 24 has 11 leading zeros and 1 meaningful bit, so '11',
   * 01011, 000001, '1' = 14 bits; 24 → 15 has 11 leading zeros and 4 meaningful bits (1011), outside the
   * previous window, so '11', 01011, 000100, 1011 = 17 bits; the first value is 64 raw bits.
   */
  @Test
  void thePapersExampleCostsWhatItsFigureShows() {
    assertEquals(64 + 14, GorillaXor.DOUBLE.bits(doubles(12, 24)));
    assertEquals(64 + 14 + 17, GorillaXor.DOUBLE.bits(doubles(12, 24, 15)));
    byte[] coded = GorillaXor.DOUBLE.encode(doubles(12, 24));
    // after the 64 raw bits: 11 01011 000001 1
    assertEquals(0b1101_0110, coded[8] & 0xff);
    assertEquals(0b0000_1100, coded[9] & 0xfc);
  }

  @Test
  void aRepeatedValueCostsOneBitAndAValueInsideTheWindowTwoPlusItsBits() {
    assertEquals(64 + 1 + 1, GorillaXor.DOUBLE.bits(doubles(5, 5, 5)));
    // 24 → 12 → 24: the second XOR equals the first, so it reuses the window: '10' + 1 bit.
    assertEquals(64 + 14 + 3, GorillaXor.DOUBLE.bits(doubles(24, 12, 24)));
  }

  @Test
  void anySeriesComesBackBitForBit() {
    SplittableRandom random = new SplittableRandom(3);
    for (GorillaXor coder : new GorillaXor[] {GorillaXor.DOUBLE, GorillaXor.FLOAT}) {
      long[] values = new long[500];
      double walk = 20;
      for (int i = 0; i < values.length; i++) {
        walk += random.nextGaussian() * (i % 50 == 0 ? 100 : 0.1);
        values[i] = coder == GorillaXor.DOUBLE ? Double.doubleToRawLongBits(walk)
            : Float.floatToRawIntBits((float) (i % 7 == 0 ? walk : Math.rint(walk))) & 0xffffffffL;
      }
      values[10] = values[9];
      values[20] = coder == GorillaXor.DOUBLE ? Double.doubleToRawLongBits(Double.NaN) : 0x7fc00000L;
      assertArrayEquals(values, coder.decode(coder.encode(values), values.length));
    }
  }

  @Test
  void aTruncatedStreamIsAnErrorNotGarbage() {
    byte[] coded = GorillaXor.FLOAT.encode(new long[] {1, 2, 3, 4, 5});
    assertThrows(IllegalArgumentException.class, () -> GorillaXor.FLOAT.decode(coded, 400));
  }
}
