package io.semstream.codecs.classical;

import io.semstream.codecs.api.CodecException;
import java.nio.ByteBuffer;

/**
 * The fixed 8-byte (64-bit) header a classical packet carries as digital side info: what the receiver
 * needs to undo the transmitter's choices.
 *
 * <pre>
 * byte 0    format version (2)
 * byte 1    source codec (high nibble: 0 JPEG, 1 JPEG 2000, 2 HEVC, 3 AV1) | mode (low nibble: 0 LINK, 1 BOUND)
 * byte 2    the MCS, as its row in {@link io.semstream.codecs.nr.McsTable} (0 in BOUND mode, where it means nothing)
 * byte 3    JPEG quality 1..100 (0 for JPEG 2000, whose codestream describes itself)
 * bytes 4-7 payload size in bytes, unsigned big-endian (0: the frame did not fit, nothing was sent)
 * </pre>
 */
public record ClassicalHeader(ClassicalCodec.SourceCodec source, ClassicalCodec.Mode mode, int mcs, int jpegQuality,
    long payloadBytes) {
  public static final int BYTES = 8;
  public static final int BITS = 8 * BYTES;
  /** 2: byte 2 names an MCS row; version 1 named a CQI row, and a version-1 packet is refused rather than misread. */
  private static final int VERSION = 2;

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    b.put((byte) VERSION);
    b.put((byte) ((source.ordinal() << 4) | mode.ordinal()));
    b.put((byte) mcs);
    b.put((byte) jpegQuality);
    b.putInt((int) payloadBytes);
    return b.array();
  }

  /** Parses the first 8 bytes of side info; a {@link CodecException} for anything else. */
  public static ClassicalHeader parse(ByteBuffer sideInfo) {
    ByteBuffer b = sideInfo.duplicate();
    if (b.remaining() < BYTES) {
      throw new CodecException("classical packet needs an " + BYTES + "-byte header in its side info, got "
          + b.remaining() + " bytes");
    }
    int version = b.get() & 0xFF;
    if (version != VERSION) {
      throw new CodecException("classical header version " + version + " is not supported (expected " + VERSION + ")");
    }
    int kinds = b.get() & 0xFF;
    int source = kinds >>> 4;
    int mode = kinds & 0x0F;
    if (source >= ClassicalCodec.SourceCodec.values().length || mode >= ClassicalCodec.Mode.values().length) {
      throw new CodecException("classical header names unknown source codec " + source + " / mode " + mode);
    }
    int mcs = b.get() & 0xFF;
    int quality = b.get() & 0xFF;
    long payload = b.getInt() & 0xFFFFFFFFL;
    return new ClassicalHeader(ClassicalCodec.SourceCodec.values()[source], ClassicalCodec.Mode.values()[mode], mcs,
        quality, payload);
  }
}
