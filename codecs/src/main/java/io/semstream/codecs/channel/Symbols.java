package io.semstream.codecs.channel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Complex symbols on the wire: interleaved I/Q as float32 little-endian, the layout of
 * {@code TxPacket.symbols} and {@code RxPacket.symbols}.
 */
public final class Symbols {
  private Symbols() {}

  public static ByteBuffer toBytes(float[] iq) {
    if (iq.length % 2 != 0) {
      throw new IllegalArgumentException("interleaved I/Q needs an even number of floats, got " + iq.length);
    }
    ByteBuffer buf = ByteBuffer.allocate(iq.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(iq);
    return buf;
  }

  public static float[] fromBytes(ByteBuffer bytes) {
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() % 8 != 0) {
      throw new IllegalArgumentException("symbol payload of " + b.remaining()
          + " bytes is not a whole number of complex float32 symbols (8 bytes each)");
    }
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  /** Mean |s|² over the complex symbols. */
  public static double meanPower(float[] iq) {
    double sum = 0;
    for (float v : iq) {
      sum += (double) v * v;
    }
    return iq.length == 0 ? 0 : sum / (iq.length / 2.0);
  }

  /** Scales in place to unit average power per complex symbol; returns the power before. */
  public static double normalise(float[] iq) {
    double p = meanPower(iq);
    if (p > 0) {
      float s = (float) (1.0 / Math.sqrt(p));
      for (int i = 0; i < iq.length; i++) {
        iq[i] *= s;
      }
    }
    return p;
  }
}
