package io.semstream.ingest;

/** A picture size given as WxH on the command line. */
public record FrameSize(int width, int height) {
  public FrameSize {
    if (width < 8 || height < 8 || width > 8192 || height > 8192) {
      throw new IllegalArgumentException("frame size must be between 8x8 and 8192x8192, got " + width + "x" + height);
    }
  }

  public static FrameSize parse(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected WIDTHxHEIGHT such as 256x256, got '" + text + "'");
    }
    try {
      return new FrameSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected WIDTHxHEIGHT such as 256x256, got '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
