package io.semstream.codecs.classical;

import io.semstream.codecs.classical.ClassicalCodec.Config;
import io.semstream.codecs.classical.ClassicalCodec.Mode;
import io.semstream.codecs.classical.ClassicalCodec.SourceCodec;
import java.util.List;

/**
 * The classical baseline's ids and configurations: JPEG, JPEG 2000, HEVC intra and AV1 intra, each over a
 * real 5G NR link and at its capacity bound ({@code StandardCodecs} registers them).
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
