package io.semstream.codecs.classical.source;

/**
 * What a rate control produced for a byte budget.
 *
 * @param bytes the encoded bytes to send (empty when the image does not fit)
 * @param quality the setting used: JPEG quality 1..100, or the JPEG 2000 rate in bits per pixel;
 *     0 when the image does not fit
 * @param fits false when even the lowest quality exceeds the budget
 * @param budgetBytes the budget asked for
 * @param smallestBytes when it does not fit: the size at the lowest quality (or the codec's minimum),
 *     for the message; otherwise the size of {@code bytes}
 */
public record RateControlResult(byte[] bytes, double quality, boolean fits, long budgetBytes, long smallestBytes) {

  static RateControlResult fitted(byte[] bytes, double quality, long budgetBytes) {
    return new RateControlResult(bytes, quality, true, budgetBytes, bytes.length);
  }

  static RateControlResult doesNotFit(long budgetBytes, long smallestBytes) {
    return new RateControlResult(new byte[0], 0, false, budgetBytes, smallestBytes);
  }

  /** Size in bytes of what is sent. */
  public int size() {
    return bytes.length;
  }

  /** A sentence for logs and exceptions. */
  public String describe() {
    return fits
        ? bytes.length + " of " + budgetBytes + " bytes at quality " + quality
        : "does not fit in " + budgetBytes + " bytes: the lowest quality needs " + smallestBytes;
  }
}
