package io.semstream.codecs.api;

/**
 * A network produced NaN or infinity. Thrown where the values come out of the network, before they can
 * become symbols or pixels; the message names the stage and how many values were not finite.
 */
public final class NonFiniteOutputException extends CodecException {
  /** Every message starts with this, so dead letters and summaries can count these apart from others. */
  public static final String REASON = "non-finite output";

  public NonFiniteOutputException(String stage, int nonFinite, int total) {
    super(REASON + ": " + stage + " produced " + nonFinite + " NaN or infinite values of " + total);
  }

  /** Throws if any value is NaN or infinite; returns the values otherwise. */
  public static float[] requireFinite(float[] values, String stage) {
    int bad = 0;
    for (float v : values) {
      if (!Float.isFinite(v)) {
        bad++;
      }
    }
    if (bad > 0) {
      throw new NonFiniteOutputException(stage, bad, values.length);
    }
    return values;
  }

  /** Whether a dead letter's or an exception's reason is one of these. */
  public static boolean isReason(String reason) {
    return reason != null && reason.contains(REASON);
  }
}
