package io.semstream.codecs.telemetry;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.Symbols;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;

/** Builds the packet of a telemetry window, so every telemetry codec fills the shape fields alike. */
public final class TelemetryPackets {
  private TelemetryPackets() {}

  /** The budget of a window: floor(CBR · samples) channel uses. */
  public static long budget(double cbr, SeriesWindow window) {
    return budget(cbr, window.sourceDimension());
  }

  /** The budget of {@code samples} samples (values of one channel at one time). */
  public static long budget(double cbr, long samples) {
    return (long) Math.floor(cbr * samples + 1e-9);
  }

  /** A packet of analog symbols only: its channel uses are its symbols. */
  public static TxPacket analog(TelemetryWindowMeta meta, String codecId, LinkConditions link, SeriesWindow window,
      float[] iq) {
    return of(meta, codecId, link, window, iq, new byte[0], 0, iq.length / 2);
  }

  static TxPacket of(TelemetryWindowMeta meta, String codecId, LinkConditions link, SeriesWindow window,
      float[] iq, byte[] sideInfo, long sideInfoBits, long channelUses) {
    double energy = 0;
    for (float v : iq) {
      energy += v * v;
    }
    int symbols = iq.length / 2;
    return TxPacket.newBuilder()
        .setStreamId(meta.streamId())
        .setSeq(meta.seq())
        .setCaptureTimestamp(meta.startTimestamp())
        .setCodecId(codecId)
        .setModelVersion(0)
        .setWidth(window.length())
        .setHeight(window.channels())
        .setSnrDb(link.snrDb())
        .setSymbols(Symbols.toBytes(iq))
        .setSideInfo(ByteBuffer.wrap(sideInfo))
        .setSideInfoBits(sideInfoBits)
        .setChannelUses(channelUses)
        .setSourceDimension(window.sourceDimension())
        .setPower(symbols == 0 ? 0f : (float) (energy / symbols))
        .setTxTimestamp(System.currentTimeMillis())
        .build();
  }
}
