package io.semstream.codecs.api;

import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * A joint source-channel codec: one frame in, the channel symbols (and digital side info) of one
 * {@link TxPacket} out; one {@link RxPacket} in, a picture out. An instance holds its model; it is
 * not thread-safe, so each stream task owns one.
 */
public interface Codec extends AutoCloseable {

  CodecInfo info();

  default String id() {
    return info().id();
  }

  /** Encodes a frame for a link in the given conditions; symbols have unit average power. */
  TxPacket encode(SourceFrame frame, LinkConditions link);

  /** Decodes what came out of the channel. Throws {@link CodecException} for a packet it cannot read. */
  RgbImage decode(RxPacket packet);

  @Override
  void close();
}
