package io.semstream.codecs.telemetry;

import java.util.Arrays;

/** Bits appended most significant first into a growing byte array. */
final class BitWriter {
  private byte[] bytes = new byte[64];
  private long bits;

  void write(long value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      writeBit((int) (value >>> i) & 1);
    }
  }

  void writeBit(int bit) {
    int at = (int) (bits >>> 3);
    if (at == bytes.length) {
      bytes = Arrays.copyOf(bytes, 2 * bytes.length);
    }
    if (bit != 0) {
      bytes[at] |= (byte) (0x80 >>> (bits & 7));
    }
    bits++;
  }

  long bits() {
    return bits;
  }

  /** The bits written, the last byte padded with zeros. */
  byte[] toBytes() {
    return Arrays.copyOf(bytes, (int) ((bits + 7) >>> 3));
  }
}
