package io.semstream.codecs.telemetry;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.Arrays;

/**
 * The separated digital chain telemetry links run today: each sample quantised to an error bound (a step
 * on the profile's scale), the quantised series coded losslessly with {@link GorillaXor}, and the payload
 * sent over the 5G NR data path ({@link DigitalPath}: transport-block CRC, LDPC, QAM) at the MCS of a design
 * SNR. The transmitter picks the finest step whose payload fits the window's channel uses. Below the design
 * SNR the CRC fails and the window is lost, to be concealed by the receiver (holding the last values).
 *
 * <p>The payload is one byte naming the step, then the coded series, padded to the transport block. The
 * MCS travels as 4 bits of side info, charged at the link's spectral efficiency.
 */
public final class ClassicalTelemetryCodec implements TelemetryCodec {
  public static final String FAMILY = "gorilla-ldpc";
  static final int STEPS = 96;
  /** Quantised values stay integers a float32 holds exactly. */
  private static final double MAX_LEVEL = 1 << 23;

  private final Name name;
  private final DigitalPath path;

  /** @param designSnrDb the SNR the MCS is chosen for; NaN: the link's SNR at encode time (link adaptation) */
  public ClassicalTelemetryCodec(double cbrTarget, double designSnrDb) {
    this.name = new Name(FAMILY, cbrTarget);
    this.path = new DigitalPath(cbrTarget, designSnrDb);
  }



  @Override
  public Name name() {
    return name;
  }

  /** Step {@code q} of the quantiser in profile-scale units: 8 · 2^(−q/4), from 8 down to about 5·10⁻⁷. */
  static double step(int q) {
    return 8 * Math.pow(2, -q / 4.0);
  }

  @Override
  public TxPacket encode(TelemetryWindowMeta meta, SeriesWindow window, StreamProfile profile, LinkConditions link) {
    DigitalPath.Slot slot = path.slot(window, link);
    for (int q = STEPS - 1; q >= 0 && slot.capacityBytes() > 1; q--) {
      byte[] coded = GorillaXor.FLOAT.encode(quantise(window, profile, step(q)));
      if (1 + coded.length <= slot.capacityBytes()) {
        byte[] payload = new byte[slot.capacityBytes()];
        payload[0] = (byte) q;
        System.arraycopy(coded, 0, payload, 1, coded.length);
        return path.packet(meta, name.id(), link, window, slot, payload);
      }
    }
    // Not even the coarsest step fits: nothing but the header goes out, and the receiver conceals.
    return path.packet(meta, name.id(), link, window, slot, null);
  }

  static long[] quantise(SeriesWindow window, StreamProfile profile, double step) {
    int n = window.length();
    long[] patterns = new long[window.sourceDimension()];
    for (int c = 0; c < window.channels(); c++) {
      for (int t = 0; t < n; t++) {
        double level = Math.rint(profile.normalise(c, window.get(c, t)) / step);
        level = Math.max(-MAX_LEVEL, Math.min(MAX_LEVEL, level));
        patterns[c * n + t] = Float.floatToRawIntBits((float) level) & 0xffffffffL;
      }
    }
    return patterns;
  }

  @Override
  public SeriesWindow decode(RxPacket packet, StreamProfile profile) {
    int channels = packet.getHeight(), n = packet.getWidth();
    byte[] payload = path.receive(packet);
    int q = payload[0];
    if (q < 0 || q >= STEPS) {
      throw new CodecException("window " + packet.getSeq() + " names quantiser step " + q);
    }
    long[] patterns = GorillaXor.FLOAT.decode(Arrays.copyOfRange(payload, 1, payload.length), channels * n);
    double step = step(q);
    float[] out = new float[channels * n];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < n; t++) {
        float level = Float.intBitsToFloat((int) patterns[c * n + t]);
        out[c * n + t] = (float) profile.restore(c, level * step);
      }
    }
    NonFiniteOutputException.requireFinite(out, "the classical telemetry decoder");
    return new SeriesWindow(channels, n, out);
  }
}
