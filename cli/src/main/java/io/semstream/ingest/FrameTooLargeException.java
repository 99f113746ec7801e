package io.semstream.ingest;

/** A frame whose record would exceed what the producer or topic accepts; never silently cut. */
public class FrameTooLargeException extends RuntimeException {
  public FrameTooLargeException(long seq, int bytes, int limit) {
    super("frame " + seq + " is " + bytes + " bytes as a Kafka record, over the limit of " + limit
        + " bytes (producer max.request.size; the topic's max.message.bytes and the broker's"
        + " message.max.bytes must allow it too). Raise them, e.g. --producer-property"
        + " max.request.size=8388608 and kafka-configs --alter --add-config max.message.bytes=8388608"
        + " on the frames topic, or ingest a smaller --size / --format png|jpeg.");
  }
}
