package io.semstream.codecs.classical;

import io.semstream.codecs.api.CodecRegistry;
import io.semstream.codecs.api.CodecFamily;
import io.semstream.codecs.classical.ClassicalCodec.Config;
import io.semstream.codecs.classical.ClassicalCodec.Mode;
import io.semstream.codecs.classical.ClassicalCodec.SourceCodec;
import java.util.List;

/**
 * The classical baseline's registry entries: JPEG, JPEG 2000, HEVC intra and AV1 intra, each over a real
 * 5G NR link and at its capacity bound; 1/16 under the plain ids, any CBR as {@code <id>-c<N>}.
 */
public final class ClassicalCodecs {
  public static final String JPEG_LDPC = "classical-jpeg-ldpc";
  public static final String J2K_LDPC = "classical-j2k-ldpc";
  public static final String JPEG_BOUND = "bound-jpeg-capacity";
  public static final String J2K_BOUND = "bound-j2k-capacity";
  public static final String HEVC_LDPC = "classical-hevc-ldpc";
  public static final String AV1_LDPC = "classical-av1-ldpc";
  public static final String HEVC_BOUND = "bound-hevc-capacity";
  public static final String AV1_BOUND = "bound-av1-capacity";
  public static final List<String> IDS = List.of(JPEG_LDPC, J2K_LDPC, HEVC_LDPC, AV1_LDPC, JPEG_BOUND, J2K_BOUND,
      HEVC_BOUND, AV1_BOUND);

  private ClassicalCodecs() {}

  /** Registers the four codecs with design SNR = the link's SNR. */
  public static CodecRegistry register(CodecRegistry registry) {
    return register(registry, Double.NaN);
  }

  /**
   * Registers the four codecs with a fixed design SNR for the LINK codecs (the {@code --design-snr} of
   * {@code semstream eval}); NaN = the link's SNR. The bounds always use the link's SNR: a bound at
   * another SNR than the channel's is no bound.
   */
  public static CodecRegistry register(CodecRegistry registry, double designSnrDb) {
    for (String id : IDS) {
      Config config = config(id, designSnrDb);
      registry.register(new ClassicalCodec(id, config).info(), () -> new ClassicalCodec(id, config));
      // Other CBRs as <id>-c<N>; the plain id is the 1/16 preset.
      registry.registerFamily(new CodecFamily(id, ClassicalCodec.FAMILY, 1,
          (familyId, cbr) -> new ClassicalCodec(familyId, config.withCbr(cbr)).info(),
          (familyId, cbr) -> new ClassicalCodec(familyId, config.withCbr(cbr))));
      registry.requires(id, config.source()::unavailable);
    }
    return registry;
  }

  /** The configuration behind a registry id. */
  public static Config config(String id, double designSnrDb) {
    switch (id) {
      case JPEG_LDPC: return Config.of(SourceCodec.JPEG, Mode.LINK).withDesignSnr(designSnrDb);
      case J2K_LDPC: return Config.of(SourceCodec.J2K, Mode.LINK).withDesignSnr(designSnrDb);
      case JPEG_BOUND: return Config.of(SourceCodec.JPEG, Mode.BOUND);
      case J2K_BOUND: return Config.of(SourceCodec.J2K, Mode.BOUND);
      case HEVC_LDPC: return Config.of(SourceCodec.HEVC, Mode.LINK).withDesignSnr(designSnrDb);
      case AV1_LDPC: return Config.of(SourceCodec.AV1, Mode.LINK).withDesignSnr(designSnrDb);
      case HEVC_BOUND: return Config.of(SourceCodec.HEVC, Mode.BOUND);
      case AV1_BOUND: return Config.of(SourceCodec.AV1, Mode.BOUND);
      default: throw new IllegalArgumentException("not a classical codec id: " + id + " (known: " + IDS + ")");
    }
  }
}
