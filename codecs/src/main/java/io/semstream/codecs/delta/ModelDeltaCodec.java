package io.semstream.codecs.delta;

import io.semstream.codecs.entropy.EntropyCodingException;
import io.semstream.codecs.entropy.SpikeAndSlab;
import io.semstream.codecs.nr.CqiTable;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Quantises and entropy-codes a parameter update: k = round((θ_new − θ_base) / w), sent under a
 * {@link SpikeAndSlab} prior fitted to k. The receiver rebuilds θ_base + k·w.
 *
 * <p>Payload: one byte e with w = 2^−e, the value count as an unsigned LEB128 varint (2 bytes for the
 * standard network's subset), then the spike-and-slab stream (its 40-bit header and the values). Both ends
 * know the subset's size, but the range decoder cannot tell a stream of n values from one of n + 200, so
 * the count is there to refuse a delta built for another subset rather than apply garbage. A CRC-32 of
 * all that closes the payload: the range decoder reads a cut stream as if zeros followed, so without
 * it a truncated delta would decode to plausible, wrong parameters.
 *
 * <p>Why w is a power of two: k·w is then exact in float, so θ_base + k·w is a single correctly rounded
 * float addition, identical in any Java on any machine. {@link #apply} is the only place that sum is
 * formed; the transmitter's mirror and the receiver both call it, so they hold bit-identical parameters.
 *
 * <p>Default w = 2^−8 ≈ 0.0039. The adapted parameters are biases and modulation gains, which move feature
 * maps (and, for g_s's last layer, pixels in [0, 1]) one-for-one; a uniform error of ±w/2 adds at most
 * w²/12 ≈ 1.3·10⁻⁶ to the MSE, under 0.01 dB at the 25–35 dB this codec delivers. Each halving of w costs
 * about one more bit per nonzero value. Values the fine-tuner's L1 rate term holds within w/2 of their
 * base quantise to k = 0 and cost well under a bit each; one Adam step (3·10⁻³ by default) is already
 * more than w/2, so it is that term, not the step size, that keeps a delta sparse.
 */
public final class ModelDeltaCodec {
  private static final int CRC_BYTES = 4;
  public static final int DEFAULT_STEP_EXPONENT = 8;
  /** Larger steps are clipped: beyond this a "delta" is a different model, and k must stay exact in float. */
  public static final int MAX_STEPS = 1 << 20;

  private final int stepExponent;
  private final float step;

  public ModelDeltaCodec() {
    this(DEFAULT_STEP_EXPONENT);
  }

  /** w = 2^−stepExponent, stepExponent in [0, 30]. */
  public ModelDeltaCodec(int stepExponent) {
    if (stepExponent < 0 || stepExponent > 30) {
      throw new IllegalArgumentException("step exponent must be in [0, 30]: " + stepExponent);
    }
    this.stepExponent = stepExponent;
    this.step = stepOf(stepExponent);
  }

  private static float stepOf(int exponent) {
    return Math.scalb(1f, -exponent);
  }

  /** The bin width w. */
  public float step() {
    return step;
  }

  /**
   * An encoded update.
   *
   * @param steps k per parameter
   * @param applied θ_base + k·w: what both ends hold once the delta is applied
   * @param payload what travels
   */
  public record Delta(float step, int[] steps, float[] applied, byte[] payload) {
    public long bits() {
      return 8L * payload.length;
    }

    /** The payload's channel uses at the 5G CQI efficiency that this SNR supports. */
    public long channelUses(double snrDb) {
      return CqiTable.channelUsesForBits(bits(), snrDb);
    }

    public int nonzero() {
      int n = 0;
      for (int k : steps) {
        n += k != 0 ? 1 : 0;
      }
      return n;
    }
  }

  /** Quantises θ_new − θ_base and codes it. */
  public Delta encode(float[] base, float[] target) {
    if (base.length != target.length) {
      throw new IllegalArgumentException("base has " + base.length + " values, target " + target.length);
    }
    int[] k = new int[base.length];
    for (int i = 0; i < k.length; i++) {
      double q = Math.rint(((double) target[i] - base[i]) / step);
      if (Double.isNaN(q)) {
        throw new IllegalArgumentException("parameter " + i + " is not a number");
      }
      k[i] = (int) Math.max(-MAX_STEPS, Math.min(MAX_STEPS, q));
    }
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.write(stepExponent);
    for (int n = k.length; ; n >>>= 7) {
      if (n < 0x80) {
        payload.write(n);
        break;
      }
      payload.write(0x80 | (n & 0x7F));
    }
    payload.writeBytes(SpikeAndSlab.fitAndEncode(k));
    byte[] body = payload.toByteArray();
    byte[] withCrc = Arrays.copyOf(body, body.length + CRC_BYTES);
    ByteBuffer.wrap(withCrc, body.length, CRC_BYTES).putInt(crc(body, body.length));
    return new Delta(step, k, apply(base, k, step), withCrc);
  }

  /** Reads a payload for a subset whose values are {@code base}: the bin width, k and θ_base + k·w. */
  public static Delta decode(byte[] payload, float[] base) {
    if (payload.length <= CRC_BYTES
        || ByteBuffer.wrap(payload, payload.length - CRC_BYTES, CRC_BYTES).getInt()
            != crc(payload, payload.length - CRC_BYTES)) {
      throw new EntropyCodingException("model delta payload of " + payload.length
          + " bytes fails its CRC-32: truncated or damaged");
    }
    int end = payload.length - CRC_BYTES;
    int exponent = payload[0];
    if (exponent < 0 || exponent > 30) {
      throw new EntropyCodingException("bad step exponent " + exponent + " in a model delta");
    }
    long count = 0;
    int at = 1;
    for (int shift = 0; ; shift += 7, at++) {
      if (at >= end || shift > 28) {
        throw new EntropyCodingException("model delta payload ends inside its value count");
      }
      count |= (long) (payload[at] & 0x7F) << shift;
      if ((payload[at] & 0x80) == 0) {
        at++;
        break;
      }
    }
    if (count != base.length) {
      throw new EntropyCodingException("model delta has " + count + " values; this decoder's subset has "
          + base.length);
    }
    float w = stepOf(exponent);
    int[] k = SpikeAndSlab.decode(Arrays.copyOfRange(payload, at, end), base.length);
    for (int v : k) {
      if (Math.abs(v) > MAX_STEPS) {
        throw new EntropyCodingException("model delta step " + v + " beyond " + MAX_STEPS);
      }
    }
    return new Delta(w, k, apply(base, k, w), payload.clone());
  }

  private static int crc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  /** θ_base + k·w, the one place both ends form it (see class doc). */
  public static float[] apply(float[] base, int[] k, float w) {
    float[] out = new float[base.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = base[i] + k[i] * w;
    }
    return out;
  }
}
