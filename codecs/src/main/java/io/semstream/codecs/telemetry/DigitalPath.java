package io.semstream.codecs.telemetry;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.codecs.nr.LdpcDecoder;
import io.semstream.codecs.nr.NrBitPipe;
import io.semstream.codecs.nr.TransportBlockCoder;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * How a digital telemetry codec sends a window's payload: one transport block over the 5G NR data path
 * ({@link NrBitPipe}: CRC, LDPC, QAM) at the MCS of a design SNR, in the channel uses the CBR leaves after the
 * MCS header (6 bits of side info, enough for every row of {@link io.semstream.codecs.nr.McsTable}, charged at the link's spectral efficiency). Below the design SNR the CRC fails
 * and the window is lost, for the receiver to conceal.
 */
public final class DigitalPath {
  static final int MCS_BITS = 6;

  private final double cbr;
  private final double designSnrDb;
  private final TransportBlockCoder coder = new TransportBlockCoder(new LdpcDecoder());

  /** @param designSnrDb the SNR the MCS is chosen for; NaN: the link's SNR at encode time (link adaptation) */
  public DigitalPath(double cbr, double designSnrDb) {
    this.cbr = cbr;
    this.designSnrDb = designSnrDb;
  }

  /** The transport block a window gets: its MCS, the header's channel uses and the payload bytes it holds. */
  public record Slot(long headerUses, NrBitPipe.Plan plan, int capacityBytes) {}

  public Slot slot(SeriesWindow window, LinkConditions link) {
    long uses = TelemetryPackets.budget(cbr, window);
    double design = Double.isNaN(designSnrDb) ? link.snrDb() : designSnrDb;
    long headerUses = CqiTable.channelUsesForBits(MCS_BITS, link.snrDb());
    NrBitPipe.Plan plan = NrBitPipe.Plan.of(Math.max(0, uses - headerUses), design);
    return new Slot(headerUses, plan, (int) (plan.maxPayloadBits() / 8));
  }

  /** The packet of a payload of exactly {@code slot.capacityBytes()} bytes, or, with null, of the header alone. */
  public TxPacket packet(TelemetryWindowMeta meta, String codecId, LinkConditions link, SeriesWindow window, Slot slot,
      byte[] payload) {
    byte[] side = {(byte) slot.plan().mcsIndex()};
    if (payload == null) {
      return TelemetryPackets.of(meta, codecId, link, window, new float[0], side, MCS_BITS, slot.headerUses());
    }
    float[] iq = NrBitPipe.transmit(payload, slot.plan());
    return TelemetryPackets.of(meta, codecId, link, window, iq, side, MCS_BITS,
        slot.headerUses() + slot.plan().dataSymbols());
  }

  /**
   * The payload the receiver decoded.
   *
   * @throws FrameLostException when nothing was sent or the transport block's CRC fails
   */
  public byte[] receive(RxPacket packet) {
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
    NrBitPipe.Plan plan = NrBitPipe.Plan.forMcsIndex(side[0] & 0xFF, iq.length / 2);
    float[] gains = packet.getFadingGains() == null ? null : Symbols.fromBytes(packet.getFadingGains());
    return NrBitPipe.receive(coder, iq, gains, packet.getSnrDb(), plan, plan.maxPayloadBits() / 8,
        "window " + packet.getSeq());
  }
}
