package io.semstream.codecs.api;

/** Creates a codec instance (loads its model once). */
@FunctionalInterface
public interface CodecFactory {
  Codec create();
}
