package io.semstream.io;

/**
 * The input is damaged or in a form SemStream does not read. Unchecked because it surfaces through
 * {@link java.util.Iterator}; the message is written to be shown to the user as is.
 */
public class FrameSourceException extends RuntimeException {
  public FrameSourceException(String message) {
    super(message);
  }

  public FrameSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
