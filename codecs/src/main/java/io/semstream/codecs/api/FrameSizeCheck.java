package io.semstream.codecs.api;

/** The frame size a packet declares, checked before a decoder allocates anything for it. */
public final class FrameSizeCheck {
  /** No codec here handles more than 64 megapixels; a packet that claims more is damaged or hostile. */
  public static final long MAX_PIXELS = 64L * 1024 * 1024;

  private FrameSizeCheck() {}

  /** @throws CodecException if the size is not positive or above {@link #MAX_PIXELS} */
  public static void requirePlausible(int width, int height) {
    if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
      throw new CodecException("implausible frame size " + width + "x" + height);
    }
  }
}
