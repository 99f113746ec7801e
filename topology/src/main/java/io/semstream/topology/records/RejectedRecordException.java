package io.semstream.topology.records;

/** A record that cannot be processed; the message is the reason written to dead-letter. */
public final class RejectedRecordException extends RuntimeException {
  public RejectedRecordException(String reason) {
    super(reason, null, false, false);
  }
}
