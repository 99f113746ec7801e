package io.semstream.topology.records;

import io.semstream.schemas.serde.Bytes;
import io.semstream.codecs.api.FrameSizeCheck;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.Frame;

/** A {@link Frame}'s picture, after the checks that make a frame safe to encode. */
public final class FrameImages {
  private FrameImages() {}

  /**
   * @throws RejectedRecordException with the reason when the frame's fields disagree with its
   *     payload or the payload is not a picture
   */
  public static RgbImage decode(Frame frame) {
    int w = frame.getWidth();
    int h = frame.getHeight();
    if (w <= 0 || h <= 0) {
      throw new RejectedRecordException("frame size must be positive, got " + w + "x" + h);
    }
    if (frame.getSeq() < 0) {
      throw new RejectedRecordException("frame seq must be >= 0, got " + frame.getSeq());
    }
    if ((long) w * h > FrameSizeCheck.MAX_PIXELS) {
      throw new RejectedRecordException("frame of " + w + "x" + h + " is too large: at most " + FrameSizeCheck.MAX_PIXELS
          + " pixels");
    }
    long expected = (long) w * h * 3;
    byte[] payload = Bytes.of(frame.getPayload());
    switch (frame.getPixelFormat()) {
      case RAW_RGB8:
        if (payload.length != expected) {
          throw new RejectedRecordException("RAW_RGB8 payload of " + payload.length + " bytes does not match "
              + w + "x" + h + "x3 = " + expected + " bytes");
        }
        return new RgbImage(w, h, payload);
      case PNG:
      case JPEG:
        RgbImage image;
        try {
          // no more pixels than the frame declares: a small payload may claim a huge picture
          image = ImageFiles.decode(payload, (long) w * h);
        } catch (IllegalArgumentException e) {
          throw new RejectedRecordException(frame.getPixelFormat() + " payload of " + payload.length
              + " bytes does not decode: " + e.getMessage());
        }
        if (image.width() != w || image.height() != h) {
          throw new RejectedRecordException(frame.getPixelFormat() + " payload is " + image.width() + "x"
              + image.height() + " but the frame says " + w + "x" + h);
        }
        return image;
      default:
        throw new RejectedRecordException("unsupported pixel format " + frame.getPixelFormat());
    }
  }
}
