package io.semstream.codecs.hda;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.softcast.Pilots;
import java.nio.ByteBuffer;

/**
 * The 9-byte framing at the start of a hybrid packet's side info: where the digital layer ends, and the
 * pilots both layers share.
 *
 * <pre>
 * byte 0    format version (2)
 * byte 1    length of the digital layer's side info in bytes (0: no digital layer, the base is mid-grey)
 * bytes 2-5 complex data symbols of the digital layer, unsigned big-endian; the analog layer's follow them
 * bytes 6-8 pilots: 0xFFFFFF none, else the coherence block they were placed for (0: one per frame)
 * </pre>
 *
 * The digital side info, then the analog layer's, follow the header in the same buffer.
 */
record HdaHeader(int digitalSideBytes, long digitalSymbols, Pilots pilots) {
  static final int BYTES = 9;
  static final int BITS = 8 * BYTES;
  /** 2 added the pilots; a version-1 packet is refused rather than misread. */
  private static final int VERSION = 2;
  private static final int NO_PILOTS = 0xFFFFFF;

  HdaHeader {
    if (digitalSideBytes < 0 || digitalSideBytes > 255) {
      throw new IllegalArgumentException("digital side info of " + digitalSideBytes + " bytes; at most 255 fit");
    }
    if (digitalSymbols < 0 || digitalSymbols > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("digital symbols out of range: " + digitalSymbols);
    }
    if (pilots.block() >= NO_PILOTS) {
      throw new IllegalArgumentException("a coherence block of " + pilots.block() + " symbols does not fit the header");
    }
  }

  byte[] toBytes() {
    int block = pilots.present() ? pilots.block() : NO_PILOTS;
    return ByteBuffer.allocate(BYTES).put((byte) VERSION).put((byte) digitalSideBytes)
        .putInt((int) digitalSymbols).put((byte) (block >>> 16)).put((byte) (block >>> 8)).put((byte) block).array();
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
    int block = ((b.get() & 0xFF) << 16) | ((b.get() & 0xFF) << 8) | (b.get() & 0xFF);
    if (block == 1) {
      throw new CodecException("hybrid header names pilots for a coherence block of one symbol");
    }
    if (BYTES + digitalSide > side.length) {
      throw new CodecException("hybrid header names " + digitalSide + " bytes of digital side info; the packet's side"
          + " info has " + (side.length - BYTES) + " after the header");
    }
    return new HdaHeader(digitalSide, symbols, block == NO_PILOTS ? Pilots.NONE : new Pilots(block));
  }
}
