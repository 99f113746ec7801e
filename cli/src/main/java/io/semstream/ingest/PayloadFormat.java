package io.semstream.ingest;

import io.semstream.schemas.PixelFormat;

/** How ingestion stores a frame's pixels in the record. PNG is lossless and usually 2–3× smaller than raw. */
public enum PayloadFormat {
  RAW(PixelFormat.RAW_RGB8),
  PNG(PixelFormat.PNG),
  JPEG(PixelFormat.JPEG);

  private final PixelFormat pixelFormat;

  PayloadFormat(PixelFormat pixelFormat) {
    this.pixelFormat = pixelFormat;
  }

  public PixelFormat pixelFormat() {
    return pixelFormat;
  }
}
