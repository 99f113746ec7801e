package io.semstream.codecs.channel;

import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/** What the channel makes of a packet: the TxPacket's fields, the received symbols and what the receiver may know. */
public final class RxPackets {
  private RxPackets() {}

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
