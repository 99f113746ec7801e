package io.semstream.codecs.telemetry;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.codecs.nr.LdpcDecoder;
import io.semstream.codecs.nr.McsTable;
import io.semstream.codecs.nr.NrBitPipe;
import io.semstream.codecs.nr.TransportBlockCoder;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.Arrays;

/**
 * The separated digital chain telemetry links run today: each sample quantised to an error bound (a step
 * on the profile's scale), the quantised series coded losslessly with {@link GorillaXor}, and the payload
 * sent over the 5G NR data path ({@link NrBitPipe}: transport-block CRC, LDPC, QAM) at the MCS of a design
 * SNR. The transmitter picks the finest step whose payload fits the window's channel uses. Below the design
 * SNR the CRC fails and the window is lost, to be concealed by the receiver (holding the last values).
 *
 * <p>The payload is one byte naming the step, then the coded series, padded to the transport block. The
 * MCS travels as 4 bits of side info, charged at the link's spectral efficiency.
 */
public final class ClassicalTelemetryCodec implements TelemetryCodec {
  public static final String FAMILY = "gorilla-ldpc";
  static final int STEPS = 96;
  static final int MCS_BITS = 4;
  /** Quantised values stay integers a float32 holds exactly. */
  private static final double MAX_LEVEL = 1 << 23;

  private final double cbr;
  private final double designSnrDb;
  private final Name name;
  private final TransportBlockCoder coder = new TransportBlockCoder(new LdpcDecoder());

  /** @param designSnrDb the SNR the MCS is chosen for; NaN: the link's SNR at encode time (link adaptation) */
  public ClassicalTelemetryCodec(double cbrTarget, double designSnrDb) {
    this.cbr = cbrTarget;
    this.designSnrDb = designSnrDb;
    this.name = new Name(FAMILY, cbrTarget);
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
    long uses = TelemetryPackets.budget(cbr, window);
    double design = Double.isNaN(designSnrDb) ? link.snrDb() : designSnrDb;
    int cqi = Math.max(1, McsTable.cqiForDesignSnr(design));
    long headerUses = CqiTable.channelUsesForBits(MCS_BITS, link.snrDb());
    long dataSymbols = Math.max(0, uses - headerUses);
    NrBitPipe.Plan plan = NrBitPipe.Plan.forCqi(cqi, dataSymbols);
    int capacityBytes = (int) (plan.maxPayloadBits() / 8);
    byte[] side = {(byte) cqi};
    for (int q = STEPS - 1; q >= 0 && capacityBytes > 1; q--) {
      byte[] coded = GorillaXor.FLOAT.encode(quantise(window, profile, step(q)));
      if (1 + coded.length <= capacityBytes) {
        byte[] payload = new byte[capacityBytes];
        payload[0] = (byte) q;
        System.arraycopy(coded, 0, payload, 1, coded.length);
        float[] iq = NrBitPipe.transmit(payload, plan);
        return TelemetryPackets.of(meta, name.id(), link, window, iq, side, MCS_BITS, headerUses + dataSymbols);
      }
    }
    // Not even the coarsest step fits: nothing but the header goes out, and the receiver conceals.
    return TelemetryPackets.of(meta, name.id(), link, window, new float[0], side, MCS_BITS, headerUses);
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
    byte[] side = new byte[packet.getSideInfo().remaining()];
    packet.getSideInfo().duplicate().get(side);
    if (side.length != 1) {
      throw new CodecException("packet " + packet.getSeq() + " carries " + side.length + " side-info bytes, expected 1");
    }
    float[] iq = Symbols.fromBytes(packet.getSymbols());
    if (iq.length == 0) {
      throw new FrameLostException(FrameLostException.Reason.DOES_NOT_FIT, "window " + packet.getSeq()
          + " did not fit its " + packet.getChannelUses() + " channel uses even at the coarsest step");
    }
    NrBitPipe.Plan plan = NrBitPipe.Plan.forCqi(side[0], iq.length / 2);
    float[] gains = packet.getFadingGains() == null ? null : Symbols.fromBytes(packet.getFadingGains());
    byte[] payload = NrBitPipe.receive(coder, iq, gains, packet.getSnrDb(), plan, plan.maxPayloadBits() / 8,
        "window " + packet.getSeq());
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
