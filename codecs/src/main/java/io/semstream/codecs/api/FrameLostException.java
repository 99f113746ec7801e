package io.semstream.codecs.api;


/**
 * A well-formed packet whose frame did not survive: the receiver should conceal it (repeat the last good
 * frame) and count it as lost, not send the packet to dead-letter as unreadable.
 */
public class FrameLostException extends CodecException {
  /** Why the frame is gone. */
  public enum Reason {
    /** The LDPC decoder did not converge or a CRC failed: the channel was worse than the MCS allows. */
    CRC_FAILED,
    /** The transmitter could not fit the frame into the bit budget even at the lowest quality. */
    DOES_NOT_FIT,
    /** The capacity bound: the bits sent exceed what the channel's capacity carries. */
    ABOVE_CAPACITY
  }

  private final Reason reason;

  public FrameLostException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
