package io.semstream.codecs.api;

/** A codec id that the registry does not know. */
public class UnknownCodecException extends CodecException {
  public UnknownCodecException(String id, java.util.Collection<String> known) {
    super("unknown codec '" + id + "'; registered codecs: " + String.join(", ", known));
  }
}
