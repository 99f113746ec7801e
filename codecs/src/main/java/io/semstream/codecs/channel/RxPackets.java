package io.semstream.codecs.channel;

import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/** What the channel makes of a packet: the TxPacket's fields, the received symbols and what the receiver may know. */
public final class RxPackets {
  private RxPackets() {}

  /**
   * What a received real component r is of the one sent s: r = a·s + n with noise variance {@code [1]}, a =
   * {@code [0]}. On AWGN a = 1 and the noise is N0/2; with CSI the channel delivered the MMSE-equalised
   * h*y/(|h|² + N0), so a = |h|²/(|h|² + N0) and the noise is |h|²N0 / (2(|h|² + N0)²).
   *
   * @param gains the fading gains (interleaved), or null
   */
  public static double[] equalised(float[] gains, int symbol, double n0) {
    if (gains == null) {
      return new double[] {1, n0 / 2};
    }
    double re = gains[2 * symbol], im = gains[2 * symbol + 1];
    double h2 = re * re + im * im, d = h2 + n0;
    return new double[] {h2 / d, h2 * n0 / (2 * d * d)};
  }


  public static RxPacket from(TxPacket tx, ChannelOutput out, ChannelConfig link, long channelTimestamp) {
    return RxPacket.newBuilder()
        .setStreamId(tx.getStreamId())
        .setSeq(tx.getSeq())
        .setCaptureTimestamp(tx.getCaptureTimestamp())
        .setCodecId(tx.getCodecId())
        .setModelVersion(tx.getModelVersion())
        .setWidth(tx.getWidth())
        .setHeight(tx.getHeight())
        .setSnrDb(link.snrDb())
        .setSymbols(Symbols.toBytes(out.iq()))
        .setSideInfo(tx.getSideInfo())
        .setSideInfoBits(tx.getSideInfoBits())
        .setChannelUses(tx.getChannelUses())
        .setSourceDimension(tx.getSourceDimension())
        .setPower(tx.getPower())
        .setTxTimestamp(tx.getTxTimestamp())
        .setRealisedSnrDb(out.realisedSnrDb())
        .setFading(link.fading())
        .setCsiKnown(out.gains() != null)
        .setFadingGains(out.gains() == null ? null : Symbols.toBytes(out.gains()))
        .setChannelTimestamp(channelTimestamp)
        .setChannelNames(tx.getChannelNames())
        .setSampleRateHz(tx.getSampleRateHz())
        .setStreamProfile(tx.getStreamProfile())
        .build();
  }
}
