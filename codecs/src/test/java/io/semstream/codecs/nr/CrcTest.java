package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrcTest {

  static byte[] bitsOf(byte[] bytes) {
    byte[] bits = new byte[bytes.length * 8];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = (byte) ((bytes[i / 8] >>> (7 - i % 8)) & 1);
    }
    return bits;
  }

  /**
   * The catalogued check values (CRC of ASCII "123456789", init 0, no reflection, no final XOR):
   * CRC-24/LTE-A (gCRC24A) 0xCDE703, CRC-24/LTE-B (gCRC24B) 0x23EF52, CRC-16/XMODEM (gCRC16) 0x31C3.
   * A wrong polynomial bit or bit order gives another value.
   */
  @Test
  void matchesCataloguedCheckValues() {
    byte[] bits = bitsOf("123456789".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0xCDE703, Crc.CRC24A.remainder(bits, 0, bits.length));
    assertEquals(0x23EF52, Crc.CRC24B.remainder(bits, 0, bits.length));
    assertEquals(0x31C3, Crc.CRC16.remainder(bits, 0, bits.length));
  }

  @Test
  void attachedParityChecksAndAnyErrorOfFewBitsIsDetected() {
    SplittableRandom r = new SplittableRandom(5);
    for (Crc crc : Crc.values()) {
      byte[] a = new byte[1000];
      for (int i = 0; i < a.length; i++) {
        a[i] = (byte) r.nextInt(2);
      }
      byte[] withCrc = crc.attach(a);
      assertEquals(a.length + crc.length(), withCrc.length);
      assertTrue(crc.check(withCrc), crc + " of its own output");
      byte[] prefix = java.util.Arrays.copyOf(withCrc, a.length);
      assertArrayEquals(a, prefix);
      for (int trial = 0; trial < 200; trial++) {
        byte[] bad = withCrc.clone();
        int flips = 1 + r.nextInt(3); // every generator here has (D + 1) as a factor or degree >= 16: all 1-3 bit errors show
        for (int f = 0; f < flips; f++) {
          bad[r.nextInt(bad.length)] ^= 1;
        }
        if (!java.util.Arrays.equals(bad, withCrc)) {
          assertFalse(crc.check(bad), crc + " missed a " + flips + "-bit error");
        }
      }
    }
  }
}
