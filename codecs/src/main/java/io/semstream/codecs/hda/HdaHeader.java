package io.semstream.codecs.hda;

import io.semstream.codecs.api.CodecException;
import java.nio.ByteBuffer;

/**
 * The 6-byte framing at the start of a hybrid packet's side info: where the digital layer ends.
 *
 * <pre>
 * byte 0    format version (1)
 * byte 1    length of the digital layer's side info in bytes (0: no digital layer, the base is mid-grey)
 * bytes 2-5 complex symbols of the digital layer, unsigned big-endian; the analog layer's follow them
 * </pre>
 *
 * The digital side info, then the analog layer's, follow the header in the same buffer.
 */
record HdaHeader(int digitalSideBytes, long digitalSymbols) {
  static final int BYTES = 6;
  static final int BITS = 8 * BYTES;
  private static final int VERSION = 1;

  HdaHeader {
    if (digitalSideBytes < 0 || digitalSideBytes > 255) {
      throw new IllegalArgumentException("digital side info of " + digitalSideBytes + " bytes; at most 255 fit");
    }
    if (digitalSymbols < 0 || digitalSymbols > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("digital symbols out of range: " + digitalSymbols);
    }
  }

  byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).put((byte) VERSION).put((byte) digitalSideBytes)
        .putInt((int) digitalSymbols).array();
  }

  /** Parses the header at the start of {@code side}; a {@link CodecException} for anything else. */
  static HdaHeader parse(byte[] side) {
    if (side.length < BYTES) {
      throw new CodecException("hybrid packet needs a " + BYTES + "-byte header in its side info, got " + side.length
          + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(side);
    int version = b.get() & 0xFF;
    if (version != VERSION) {
      throw new CodecException("hybrid header version " + version + " is not supported (expected " + VERSION + ")");
    }
    int digitalSide = b.get() & 0xFF;
    long symbols = b.getInt() & 0xFFFFFFFFL;
    if (BYTES + digitalSide > side.length) {
      throw new CodecException("hybrid header names " + digitalSide + " bytes of digital side info; the packet's side"
          + " info has " + (side.length - BYTES) + " after the header");
    }
    return new HdaHeader(digitalSide, symbols);
  }
}
