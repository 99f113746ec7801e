package io.semstream.codecs.registry;

import io.semstream.codecs.api.Codec;

/** Creates a codec instance (loads its model once). */
@FunctionalInterface
public interface CodecFactory {
  Codec create();
}
