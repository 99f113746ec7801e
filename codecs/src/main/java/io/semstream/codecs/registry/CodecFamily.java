package io.semstream.codecs.registry;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecInfo;

/**
 * A codec that works at any CBR up to {@code maxCbr}: the registry answers every id
 * {@code <prefix>-c<N>} with 1/N ≤ maxCbr (e.g. {@code softcast-c24} for CBR 1/24), besides the presets
 * registered by name.
 *
 * @param prefix the ids' stem, e.g. {@code softcast}
 * @param family the family name of its {@link CodecInfo}s
 * @param maxCbr the largest CBR it can fill
 */
public record CodecFamily(String prefix, String family, double maxCbr, Infos infos, Factory factory) {

  /** The description of the codec at one CBR. */
  @FunctionalInterface
  public interface Infos {
    CodecInfo info(String id, double cbr);
  }

  /** A new instance at one CBR. */
  @FunctionalInterface
  public interface Factory {
    Codec create(String id, double cbr);
  }

  public CodecFamily {
    if (prefix == null || prefix.isBlank() || !(maxCbr > 0)) {
      throw new IllegalArgumentException("a codec family needs a prefix and a positive largest CBR");
    }
  }

  /** The id of this family at CBR 1/n. */
  public String id(int n) {
    return prefix + "-c" + n;
  }

  /** The smallest n such that CBR 1/n fits the family. */
  public int minDenominator() {
    return (int) Math.ceil(1 / maxCbr - 1e-9);
  }

  /** CBR 1/n if {@code id} is {@code <prefix>-c<n>} with 1/n ≤ maxCbr, else NaN. */
  public double cbrOf(String id) {
    String stem = prefix + "-c";
    if (id == null || !id.startsWith(stem)) {
      return Double.NaN;
    }
    String digits = id.substring(stem.length());
    if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
      return Double.NaN;
    }
    int n = Integer.parseInt(digits);
    return n >= minDenominator() && n > 0 ? 1.0 / n : Double.NaN;
  }
}
