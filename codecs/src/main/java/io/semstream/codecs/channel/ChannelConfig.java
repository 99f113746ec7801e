package io.semstream.codecs.channel;

import io.semstream.schemas.ChannelState;
import io.semstream.schemas.FadingModel;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the channel does to one packet. The defaults of the factory methods equal the Avro defaults of
 * {@link ChannelState} ({@code csiAtReceiver = true}, {@code coherenceSymbols = 0},
 * {@code dopplerCorrelation = 0.99}), so a config built here and one read from a topic with the same
 * meaning compare equal.
 *
 * @param snrDb 10·log10(P/N0) per complex symbol with P = 1. {@code +Infinity} is accepted and means a
 *     noiseless link (useful to measure a decoder's ceiling); NaN and -Infinity are rejected
 * @param fading the fading model
 * @param csiAtReceiver whether the receiver knows h and equalises (MMSE); ignored for AWGN
 * @param coherenceSymbols block fading: symbols per coherence block, 0 = one block per frame
 * @param dopplerCorrelation fast fading: Gauss–Markov correlation ρ between consecutive symbols, in
 *     [-1, 1] (J0(2π f_d T_s) can be negative); checked even when unused so a bad trace fails early
 */
public record ChannelConfig(
    double snrDb, FadingModel fading, boolean csiAtReceiver, int coherenceSymbols, double dopplerCorrelation) {

  /** Avro default of {@code ChannelState.dopplerCorrelation}; also what {@link #parse} uses for fast fading. */
  public static final double DEFAULT_DOPPLER_CORRELATION = 0.99;

  /** The names {@link #parse} accepts, in the order the error message lists them. */
  public static final List<String> NAMES = List.of(
      "awgn", "rayleigh-block", "rayleigh-block-nocsi", "rayleigh-fast", "rayleigh-fast-nocsi");

  public ChannelConfig {
    Objects.requireNonNull(fading, "fading");
    if (Double.isNaN(snrDb) || snrDb == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("snrDb must be a number or +Infinity (noiseless), got " + snrDb);
    }
    if (coherenceSymbols < 0) {
      throw new IllegalArgumentException("coherenceSymbols must be >= 0 (0 = one block per frame), got "
          + coherenceSymbols);
    }
    if (!(dopplerCorrelation >= -1.0 && dopplerCorrelation <= 1.0)) {
      throw new IllegalArgumentException("dopplerCorrelation must be in [-1, 1], got " + dopplerCorrelation);
    }
  }

  public static ChannelConfig awgn(double snrDb) {
    return new ChannelConfig(snrDb, FadingModel.AWGN, true, 0, DEFAULT_DOPPLER_CORRELATION);
  }

  /** One h per frame. */
  public static ChannelConfig rayleighBlock(double snrDb, boolean csi) {
    return new ChannelConfig(snrDb, FadingModel.RAYLEIGH_BLOCK, csi, 0, DEFAULT_DOPPLER_CORRELATION);
  }

  public static ChannelConfig rayleighFast(double snrDb, boolean csi, double dopplerCorrelation) {
    return new ChannelConfig(snrDb, FadingModel.RAYLEIGH_FAST, csi, 0, dopplerCorrelation);
  }

  public static ChannelConfig from(ChannelState state) {
    Objects.requireNonNull(state, "state");
    return new ChannelConfig(state.getSnrDb(), state.getFading(), state.getCsiAtReceiver(),
        state.getCoherenceSymbols(), state.getDopplerCorrelation());
  }

  /**
   * The names a user types on a command line or in a sweep definition. Case and surrounding blanks are
   * ignored because they come from humans; fast fading gets {@link #DEFAULT_DOPPLER_CORRELATION}.
   */
  public static ChannelConfig parse(String name, double snrDb) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "awgn":
        return awgn(snrDb);
      case "rayleigh-block":
        return rayleighBlock(snrDb, true);
      case "rayleigh-block-nocsi":
        return rayleighBlock(snrDb, false);
      case "rayleigh-fast":
        return rayleighFast(snrDb, true, DEFAULT_DOPPLER_CORRELATION);
      case "rayleigh-fast-nocsi":
        return rayleighFast(snrDb, false, DEFAULT_DOPPLER_CORRELATION);
      default:
        throw new IllegalArgumentException("unknown channel '" + name + "'; accepted: " + String.join(", ", NAMES));
    }
  }
}
