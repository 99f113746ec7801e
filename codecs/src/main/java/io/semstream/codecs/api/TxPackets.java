package io.semstream.codecs.api;

import io.semstream.codecs.channel.Symbols;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;

/** Builds the TxPacket every codec sends, so the fields that describe the frame are filled the same way. */
public final class TxPackets {
  private TxPackets() {}

  /**
   * @param iq unit-power complex symbols, interleaved I/Q
   * @param sideInfo digital side information (may be empty)
   * @param channelUses symbols plus the side info's channel uses at the link's spectral efficiency
   */
  public static TxPacket of(SourceFrame frame, String codecId, LinkConditions link, float[] iq,
      ByteBuffer sideInfo, long sideInfoBits, long channelUses) {
    return TxPacket.newBuilder()
        .setStreamId(frame.streamId())
        .setSeq(frame.seq())
        .setCaptureTimestamp(frame.captureTimestamp())
        .setCodecId(codecId)
        .setModelVersion(0)
        .setWidth(frame.image().width())
        .setHeight(frame.image().height())
        .setSnrDb(link.snrDb())
        .setSymbols(Symbols.toBytes(iq))
        .setSideInfo(sideInfo)
        .setSideInfoBits(sideInfoBits)
        .setChannelUses(channelUses)
        .setSourceDimension(frame.image().sourceDimension())
        .setPower(1f)
        .setTxTimestamp(System.currentTimeMillis())
        .build();
  }
}
