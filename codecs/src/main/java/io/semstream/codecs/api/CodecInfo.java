package io.semstream.codecs.api;

/**
 * What a codec is: its registry id, its family (DESIGN §5), the CBR it targets, a one-line description for
 * {@code semstream codecs}, and whether its instances are {@link AdaptiveEncoder}s (so a transmitter can
 * tune its decoder online), which callers need to know before they create one.
 */
public record CodecInfo(String id, String family, double cbrTarget, String description, boolean adaptsOnline) {

  /** A codec whose decoder does not adapt online. */
  public CodecInfo(String id, String family, double cbrTarget, String description) {
    this(id, family, cbrTarget, description, false);
  }
}
