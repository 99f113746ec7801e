package io.semstream.codecs.entropy;

import ai.djl.ndarray.NDArray;

/**
 * The training bits of both entropy models: exact forward, but where the likelihood is tiny its own
 * gradient fades (and vanishes on the {@link EntropyBottleneck#MIN_LIKELIHOOD} floor), so a surrogate's
 * gradient is added there to keep pulling an outlier and its model back together.
 */
final class TailGradient {
  /** Below this likelihood the exact bits' gradient fades: the distributions' tails, then the floor. */
  static final float TAIL = 1e-6f;

  private static final float TAIL_BITS = (float) -(Math.log(TAIL) / Math.log(2));

  private TailGradient() {}

  /** {@code exactBits} forward; plus {@code surrogateBits}' gradient where {@code exactBits} exceed −log2 {@link #TAIL}. */
  static NDArray blend(NDArray exactBits, NDArray surrogateBits) {
    NDArray inTail = exactBits.gt(TAIL_BITS).toType(exactBits.getDataType(), false).stopGradient();
    return exactBits.add(surrogateBits.sub(surrogateBits.stopGradient()).mul(inTail));
  }
}
