package io.semstream.codecs.api;

import java.nio.ByteBuffer;

/**
 * The byte form of an {@link AdaptiveDecoder}'s parameter vector, in a full checkpoint's payload and in the
 * receiver's parameter store: the value count as int32, then the values as float32, big-endian.
 *
 * <p>Raw floats rather than a coded delta from the base: a late receiver must end up bit-identical to one
 * that applied every delta, and float32 carries the values exactly. The standard explicit codec's subset
 * is about 2 k values, 9 KiB, far below Kafka's default 1 MB record limit.
 */
public final class ParameterVectors {
  private static final int HEADER_BYTES = Integer.BYTES;

  private ParameterVectors() {}

  public static byte[] toBytes(float[] values) {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + Float.BYTES * values.length).putInt(values.length);
    out.asFloatBuffer().put(values);
    return out.array();
  }

  /**
   * @throws CodecException if the bytes are not a whole vector of the count they declare, or hold a value
   *     that is not finite (one NaN bias would turn every later frame of the stream into garbage)
   */
  public static float[] fromBytes(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new CodecException("parameter vector of " + bytes.length + " bytes is too short for its value count");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int count = in.getInt();
    if (count < 0 || (long) count * Float.BYTES != bytes.length - HEADER_BYTES) {
      throw new CodecException("parameter vector declares " + count + " values but carries "
          + (bytes.length - HEADER_BYTES) + " bytes of them (truncated or not a parameter vector)");
    }
    float[] values = new float[count];
    in.asFloatBuffer().get(values);
    for (int i = 0; i < count; i++) {
      if (!Float.isFinite(values[i])) {
        throw new CodecException("parameter vector value " + i + " is " + values[i]);
      }
    }
    return values;
  }
}
