package io.semstream.codecs.nr;

import io.semstream.codecs.classical.ClassicalCodec;

/**
 * The bits-to-symbols and LLRs-to-bits halves of the classical link, shared by {@link ClassicalCodec}
 * and {@link LinkAdaptationCalibration} so that the thresholds the calibration measures belong to
 * exactly the chain the codec runs, not to a copy of it that could drift.
 */
public final class NrDataPath {
  private NrDataPath() {}

  /** Payload bits (one per byte) → 38.212 chain → scrambling → unit-power QAM symbols, interleaved I/Q. */
  public static float[] transmit(byte[] payloadBits, TransportBlockCoder.Plan plan, QamModulator qam) {
    byte[] coded = TransportBlockCoder.encode(payloadBits, plan);
    Scrambler.scramble(coded, ClassicalCodec.SCRAMBLING_INIT);
    return qam.modulate(coded);
  }

  /** Demapped LLRs (modified: descrambled in place) → the transport block decoder's verdict. */
  public static TransportBlockCoder.Decoded receive(TransportBlockCoder coder, float[] llr, TransportBlockCoder.Plan plan) {
    Scrambler.descramble(llr, ClassicalCodec.SCRAMBLING_INIT);
    return coder.decode(llr, plan);
  }
}
