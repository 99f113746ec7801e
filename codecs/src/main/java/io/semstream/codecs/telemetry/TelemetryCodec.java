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
  /** A codec's family and target CBR (channel uses per sample), which make its id. */
  record Name(String family, double cbr) {
    public Name {
      if (!(cbr > 0) || Double.isInfinite(cbr)) {
        throw new IllegalArgumentException("CBR target must be positive: " + cbr);
      }
    }

    /** {@code family-cN} for CBR 1/N, {@code family-c0.25} when 1/CBR is not a whole number. */
    public String id() {
      double inverse = 1 / cbr;
      return Math.abs(inverse - Math.rint(inverse)) < 1e-9
          ? family + "-c" + Math.round(inverse)
          : family + "-c" + String.format(java.util.Locale.ROOT, "%.4g", cbr);
    }
  }

  Name name();

  /** The id in eval rows and in packets, e.g. {@code linear-c16}. */
  default String id() {
    return name().id();
  }

  default String family() {
    return name().family();
  }

  /** Target channel uses per sample. */
  default double cbrTarget() {
    return name().cbr();
  }

  TxPacket encode(TelemetryWindowMeta meta, SeriesWindow window, StreamProfile profile, LinkConditions link);

  /**
   * The window back from a received packet.
   *
   * @throws io.semstream.codecs.api.FrameLostException when the packet did not survive (a digital codec's
   *     failed CRC); the caller conceals the window
   */
  SeriesWindow decode(RxPacket packet, StreamProfile profile);

  /** Releases a network's native memory; the training-free codecs hold none. */
  @Override
  default void close() {}
}
