package io.semstream.schemas.serde;

import java.nio.ByteBuffer;

/** The bytes of an Avro {@code bytes} field, without moving the field's own buffer position. */
public final class Bytes {
  private Bytes() {}

  public static byte[] of(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
