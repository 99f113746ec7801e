package io.semstream.codecs.api;

import io.semstream.codecs.classical.ClassicalCodecs;
import io.semstream.codecs.deepjscc.DeepJsccCodec;
import io.semstream.codecs.deepjscc.DeepJsccPreset;

/** The list of shipped codecs; each codec family adds its presets here. */
final class StandardCodecs {
  private StandardCodecs() {}

  /** @param designSnrDb the classical codecs' design SNR (fixes their MCS); NaN = the link's SNR */
  static CodecRegistry register(CodecRegistry registry, double designSnrDb) {
    for (DeepJsccPreset preset : DeepJsccPreset.values()) {
      // Each instance loads the shared weights once; the topology keeps one instance per task.
      registry.register(DeepJsccCodec.info(preset), () -> new DeepJsccCodec(preset));
    }
    ClassicalCodecs.register(registry, designSnrDb);
    return registry;
  }
}
