package io.semstream.codecs.api;

import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.RxPacket;

/**
 * A codec whose decoder a transmitter may adapt online (DESIGN §6): a fixed-size vector of decoder
 * parameters that model deltas move, version by version, per stream.
 *
 * <p>The vectors live with the caller, not in the codec, because one codec instance decodes many streams
 * and each stream's vector must survive a restart (the receiver keeps them in a logged state store).
 * Version 0 of every stream is {@link #baseParameters()}.
 */
public interface AdaptiveDecoder extends Codec {

  /** The vector of version 0: the values shipped with the codec. A fresh copy the caller may keep. */
  float[] baseParameters();

  /**
   * The vector a delta payload turns {@code parameters} into; {@code parameters} is not changed.
   *
   * @throws CodecException if the payload is malformed or truncated, or was built for a vector of another size
   */
  float[] applyDelta(byte[] payload, float[] parameters);

  /**
   * Decodes with the given vector instead of the codec's own values, which are as they were afterwards.
   *
   * @throws CodecException for a packet it cannot read or a vector of the wrong size
   */
  RgbImage decode(RxPacket packet, float[] parameters);
}
