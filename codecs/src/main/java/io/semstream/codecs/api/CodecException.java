package io.semstream.codecs.api;

/** A packet or frame the codec cannot process; the message says why (it ends up in dead-letter). */
public class CodecException extends RuntimeException {
  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
