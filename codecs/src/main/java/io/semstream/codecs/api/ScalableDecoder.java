package io.semstream.codecs.api;

import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.RxPacket;

/** A decoder whose reconstruction is a continuous field, so it can be drawn at another resolution than the source's. */
public interface ScalableDecoder {
  /**
   * Decodes what came out of the channel at {@code scale} times the source's size (each side rounded; the
   * codec may round the scale to what it can draw, and says so in {@link #renderedScale}).
   */
  RgbImage decode(RxPacket packet, double scale);

  /** The scale {@link #decode(RxPacket, double)} draws when asked for {@code scale}. */
  double renderedScale(double scale);
}
