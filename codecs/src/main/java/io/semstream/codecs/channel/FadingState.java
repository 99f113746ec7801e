package io.semstream.codecs.channel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The last complex fading gain h of a stream's previous frame. Fast fading continues its Gauss–Markov
 * process from here, so a stream sees one continuous fading trajectory rather than a fresh, independent
 * channel at each frame boundary. It lives in a state store, hence the fixed byte form.
 */
public record FadingState(double re, double im) {
  /** Two float64 little-endian (re, im): the same byte order as {@link Symbols}. */
  public static final int BYTES = 16;

  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN).putDouble(re).putDouble(im).array();
  }

  /** {@code null} in, {@code null} out: a store returns null for a stream it has not seen yet. */
  public static FadingState fromBytes(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("fading state must be " + BYTES + " bytes (two float64), got "
          + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return new FadingState(b.getDouble(), b.getDouble());
  }

  public double powerGain() {
    return re * re + im * im;
  }
}
