package io.semstream.codecs.api;

import io.semstream.codecs.classical.ClassicalCodecs;
import io.semstream.codecs.deepjscc.DeepJsccCodec;
import io.semstream.codecs.deepjscc.DeepJsccPreset;
import io.semstream.codecs.explicit.ExplicitPreset;

/** The list of shipped codecs; each codec family adds its presets here. */
final class StandardCodecs {
  private StandardCodecs() {}

  /** @param designSnrDb the classical codecs' design SNR (fixes their MCS); NaN = the link's SNR */
  static CodecRegistry register(CodecRegistry registry, double designSnrDb) {
    for (DeepJsccPreset preset : DeepJsccPreset.values()) {
      // Each instance loads the shared weights once; the topology keeps one instance per task.
      registry.register(DeepJsccCodec.info(preset), () -> new DeepJsccCodec(preset));
    }
    for (ExplicitPreset preset : ExplicitPreset.values()) {
      registry.register(preset.info(), preset::newCodec);
    }
    ClassicalCodecs.register(registry, designSnrDb);
    return registry;
  }
}
