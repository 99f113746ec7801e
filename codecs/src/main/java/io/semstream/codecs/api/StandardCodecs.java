package io.semstream.codecs.api;

/** The list of shipped codecs; each codec family adds its presets here. */
final class StandardCodecs {
  private StandardCodecs() {}

  static CodecRegistry register(CodecRegistry registry) {
    return registry;
  }
}
