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
    return (long) Math.floor(cbr * window.sourceDimension() + 1e-9);
  }

  /** A packet of analog symbols only: its channel uses are its symbols. */
  public static TxPacket analog(TelemetryWindowMeta meta, String codecId, LinkConditions link, SeriesWindow window,
      float[] iq) {
    return of(meta, codecId, link, window, iq, new byte[0], 0, iq.length / 2);
  }

  /** |h|² of a symbol the receiver equalised (its noise is N0/|h|²), 1 without fading gains. */
  public static double channelPower(float[] gains, int symbol) {
    if (gains == null) {
      return 1;
    }
    double re = gains[2 * symbol], im = gains[2 * symbol + 1];
    return Math.max(1e-12, re * re + im * im);
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
