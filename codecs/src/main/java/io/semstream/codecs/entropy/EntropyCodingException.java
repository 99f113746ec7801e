package io.semstream.codecs.entropy;

import io.semstream.codecs.api.CodecException;

/**
 * The bytes handed to a decoder are not a stream this package produced with the same models: a coded
 * value points outside its table, an escape is malformed or overflows, or the stream does not end
 * where the last symbol does ({@link RangeDecoder#finish()}). This is the only exception decoding
 * untrusted bytes can throw (programming errors such as a {@code null} table still throw the usual
 * runtime exceptions). It extends {@link CodecException}, so a packet whose side info or model delta
 * fails to decode goes to dead-letter like any other undecodable packet.
 *
 * <p>The range coder has no real integrity check: {@link RangeDecoder#finish()} catches a cut or
 * extended stream and about 255 in 256 corrupt ones, the rest decode silently to other symbols. Callers
 * that must detect corruption carry a checksum (or rely on the channel code's CRC).
 */
public class EntropyCodingException extends CodecException {
  public EntropyCodingException(String message) {
    super(message);
  }
}
