package io.semstream.codecs.registry;

import io.semstream.codecs.classical.ClassicalCodec;
import io.semstream.codecs.classical.ClassicalCodecs;
import io.semstream.codecs.deepjscc.DeepJsccCodec;
import io.semstream.codecs.deepjscc.DeepJsccPreset;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.explicit.ExplicitModel;
import io.semstream.codecs.explicit.ExplicitPreset;
import io.semstream.codecs.hda.HybridDigitalAnalogCodec;
import io.semstream.codecs.hda.RefinedHdaCodec;
import io.semstream.codecs.implicit.ImplicitFrameCodec;
import io.semstream.codecs.implicit.ImplicitModel;
import io.semstream.codecs.semantic.SemanticCodec;
import io.semstream.codecs.semantic.SemanticDigitalCodec;
import io.semstream.codecs.semantic.SemanticModel;
import io.semstream.codecs.softcast.RefinedSoftCastCodec;
import io.semstream.codecs.softcast.RefinerModel;
import io.semstream.codecs.softcast.SoftCastCodec;

/** The list of shipped codecs; each codec family adds its presets here, and answers other CBRs as a family. */
public final class StandardCodecs {
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
    registry.registerFamily(new CodecFamily("deepjscc", DeepJsccCodec.FAMILY,
        DeepJsccPreset.CBR_1_16.cbr(), DeepJsccCodec::info, DeepJsccCodec::new));
    registry.registerFamily(new CodecFamily("explicit", ExplicitCodec.FAMILY, ExplicitModel.MAX_CBR,
        ExplicitCodec::info, (id, cbr) -> new ExplicitCodec(id, cbr, ExplicitModel.load())));
    for (double cbr : new double[] {1.0 / 16, 1.0 / 48}) {
      String id = "softcast-c" + Math.round(1 / cbr);
      registry.register(SoftCastCodec.info(id, cbr), () -> new SoftCastCodec(id, cbr));
    }
    registry.registerFamily(new CodecFamily("softcast", SoftCastCodec.FAMILY, 1, SoftCastCodec::info,
        SoftCastCodec::new));
    for (double cbr : new double[] {1.0 / 16, 1.0 / 48}) {
      String id = "softcast-refined-c" + Math.round(1 / cbr);
      registry.register(RefinedSoftCastCodec.info(id, cbr), () -> new RefinedSoftCastCodec(id, cbr));
    }
    registry.registerFamily(new CodecFamily("softcast-refined", RefinedSoftCastCodec.FAMILY, 1,
        RefinedSoftCastCodec::info, RefinedSoftCastCodec::new));
    registry.requires("softcast-refined", RefinerModel.SOFTCAST::unavailable);
    for (SemanticModel weights : new SemanticModel[] {SemanticModel.PHOTOS, SemanticModel.FASHION_MNIST}) {
      String analog = weights.name(), digital = weights.name() + "-vq-ldpc";
      registry.registerFamily(new CodecFamily(analog, SemanticCodec.FAMILY, SemanticCodec.MAX_CBR,
          (id, cbr) -> SemanticCodec.info(id, cbr, weights), (id, cbr) -> new SemanticCodec(id, cbr, weights)));
      registry.requires(analog, weights::unavailable);
      registry.registerFamily(new CodecFamily(digital, SemanticDigitalCodec.FAMILY, SemanticCodec.MAX_CBR,
          (id, cbr) -> SemanticDigitalCodec.info(id, cbr, weights),
          (id, cbr) -> new SemanticDigitalCodec(id, cbr, weights)));
      registry.requires(digital, weights::codebookUnavailable);
    }
    registerHybrid(registry, "hda-j2k", ClassicalCodec.SourceCodec.J2K);
    registerHybrid(registry, "hda-av1", ClassicalCodec.SourceCodec.AV1);
    for (double cbr : new double[] {1.0 / 16, 1.0 / 48}) {
      String id = "hda-j2k-refined-c" + Math.round(1 / cbr);
      registry.register(RefinedHdaCodec.info(id, cbr), () -> new RefinedHdaCodec(id, cbr));
    }
    registry.registerFamily(new CodecFamily("hda-j2k-refined", RefinedHdaCodec.FAMILY, 1, RefinedHdaCodec::info,
        RefinedHdaCodec::new));
    registry.requires("hda-j2k-refined", RefinerModel.HDA::unavailable);
    registry.registerFamily(new CodecFamily("implicit", ImplicitFrameCodec.FAMILY,
        ImplicitFrameCodec.maxCbr(ImplicitModel.FRAME.config()), ImplicitFrameCodec::info, ImplicitFrameCodec::new));
    registry.requires("implicit", ImplicitModel.FRAME::unavailable);
    registerClassical(registry, designSnrDb);
    return registry;
  }

  /** A hybrid digital-analog codec over {@code source}: presets at 1/16 and 1/48, and any CBR as a family. */
  private static void registerHybrid(CodecRegistry registry, String prefix, ClassicalCodec.SourceCodec source) {
    for (double cbr : new double[] {1.0 / 16, 1.0 / 48}) {
      String id = prefix + "-c" + Math.round(1 / cbr);
      registry.register(HybridDigitalAnalogCodec.info(id, cbr, source), () -> new HybridDigitalAnalogCodec(id, cbr,
          source));
    }
    registry.registerFamily(new CodecFamily(prefix, HybridDigitalAnalogCodec.FAMILY, 1,
        (id, cbr) -> HybridDigitalAnalogCodec.info(id, cbr, source),
        (id, cbr) -> new HybridDigitalAnalogCodec(id, cbr, source)));
    registry.requires(prefix, source::unavailable);
  }

  /**
   * The classical codecs, 1/16 under the plain ids and any CBR as {@code <id>-c<N>}, with a fixed design SNR
   * for the link codecs (the {@code --design-snr} of {@code semstream eval}); NaN = the link's SNR. The
   * bounds always use the link's SNR: a bound at another SNR than the channel's is no bound.
   */
  public static CodecRegistry registerClassical(CodecRegistry registry, double designSnrDb) {
    for (String id : ClassicalCodecs.IDS) {
      ClassicalCodec.Config config = ClassicalCodecs.config(id, designSnrDb);
      registry.register(new ClassicalCodec(id, config).info(), () -> new ClassicalCodec(id, config));
      registry.registerFamily(new CodecFamily(id, ClassicalCodec.FAMILY, 1,
          (familyId, cbr) -> new ClassicalCodec(familyId, config.withCbr(cbr)).info(),
          (familyId, cbr) -> new ClassicalCodec(familyId, config.withCbr(cbr))));
      registry.requires(id, config.source()::unavailable);
    }
    return registry;
  }
}
