package io.semstream.codecs.telemetry;

/** Reads what {@link BitWriter} wrote; running past the end is an {@link IllegalArgumentException}. */
final class BitReader {
  private final byte[] bytes;
  private long at;

  BitReader(byte[] bytes) {
    this.bytes = bytes;
  }

  long read(int count) {
    long v = 0;
    for (int i = 0; i < count; i++) {
      v = (v << 1) | readBit();
    }
    return v;
  }

  int readBit() {
    int index = (int) (at >>> 3);
    if (index >= bytes.length) {
      throw new IllegalArgumentException("the coded series ends after " + at + " bits, before its last value");
    }
    int bit = (bytes[index] >>> (7 - (at & 7))) & 1;
    at++;
    return bit;
  }
}
