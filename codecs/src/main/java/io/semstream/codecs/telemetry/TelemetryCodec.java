package io.semstream.codecs.telemetry;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * A codec of telemetry windows. Its packets are the frames' {@code TxPacket}s with the window's shape in
 * the frame fields ({@code width} = time points, {@code height} = channels, {@code sourceDimension} =
 * samples), so the channel role carries them unchanged. Both ends know the stream's {@link StreamProfile}.
 */
public interface TelemetryCodec extends AutoCloseable {
  /** The id in eval rows and in packets, e.g. {@code linear-c16}. */
  String id();

  String family();

  /** Target channel uses per sample. */
  double cbrTarget();

  TxPacket encode(TelemetryWindowMeta meta, SeriesWindow window, StreamProfile profile, LinkConditions link);

  /**
   * The window back from a received packet.
   *
   * @throws io.semstream.codecs.api.FrameLostException when the packet did not survive (a digital codec's
   *     failed CRC); the caller conceals the window
   */
  SeriesWindow decode(RxPacket packet, StreamProfile profile);

  /** {@code family-cN} for CBR 1/N, {@code family-c0.25} when 1/CBR is not a whole number. */
  static String idOf(String family, double cbr) {
    double inverse = 1 / cbr;
    return Math.abs(inverse - Math.rint(inverse)) < 1e-9
        ? family + "-c" + Math.round(inverse)
        : family + "-c" + String.format(java.util.Locale.ROOT, "%.4g", cbr);
  }

  /** Releases a network's native memory; the training-free codecs hold none. */
  @Override
  default void close() {}
}
