package io.semstream.codecs.explicit;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * Maps each latent patch's entropy (bits) to a number of complex channel symbols from a fixed set of
 * levels: the patch gets the level nearest to η·bits (a tie goes to the smaller level), where the scale
 * η is the one knob the target CBR turns. Patches the entropy model finds rich get more symbols,
 * flat ones fewer or none.
 *
 * <p>The same rule exists twice: on Java arrays for the codec ({@link #allocate(double[], double)},
 * {@link #fit}) and on NDArrays for training ({@link #levelsOf}). The two may disagree by one level on a
 * patch whose η·bits sits within float rounding of a midpoint; that is harmless because the
 * transmitter's choice travels as side info and the receiver never recomputes it.
 */
public final class RateAllocator {

  /** An allocation: the scale used, each patch's level index, and the complex symbols they add up to. */
  public record Allocation(double eta, int[] levelIndexes, long symbols) {}

  private final int[] levels;
  private final double[] midpoints;

  /** @param levels symbols per patch, strictly increasing, starting at 0 */
  public RateAllocator(int... levels) {
    if (levels.length < 2 || levels[0] != 0) {
      throw new IllegalArgumentException("levels must start at 0 and have at least two entries: "
          + Arrays.toString(levels));
    }
    for (int i = 1; i < levels.length; i++) {
      if (levels[i] <= levels[i - 1]) {
        throw new IllegalArgumentException("levels must be strictly increasing: " + Arrays.toString(levels));
      }
    }
    this.levels = levels.clone();
    midpoints = new double[levels.length - 1];
    for (int i = 0; i < midpoints.length; i++) {
      midpoints[i] = (levels[i] + levels[i + 1]) / 2.0;
    }
  }

  public int count() {
    return levels.length;
  }

  public int level(int index) {
    return levels[index];
  }

  public int maxLevel() {
    return levels[levels.length - 1];
  }

  public int[] levels() {
    return levels.clone();
  }

  /** Level index for each patch at scale η. */
  public int[] allocate(double[] patchBits, double eta) {
    int[] out = new int[patchBits.length];
    for (int i = 0; i < patchBits.length; i++) {
      double t = eta * patchBits[i];
      int k = 0;
      while (k < midpoints.length && t > midpoints[k]) {
        k++;
      }
      out[i] = k;
    }
    return out;
  }

  /** Complex symbols the level indexes add up to. */
  public long symbols(int[] levelIndexes) {
    long s = 0;
    for (int k : levelIndexes) {
      s += levels[k];
    }
    return s;
  }

  /**
   * The allocation with the largest η whose symbols fit {@code budget}: the total never exceeds the
   * budget, and falls short of it by less than what one more step of η would add. A negative budget (side
   * info alone over the target) gives every patch level 0.
   */
  public Allocation fit(double[] patchBits, long budget) {
    int[] none = new int[patchBits.length];
    if (budget <= 0 || patchBits.length == 0) {
      return new Allocation(0, none, 0);
    }
    int[] all = allocate(patchBits, Double.POSITIVE_INFINITY);
    long most = symbols(all);
    if (most <= budget) {
      return new Allocation(Double.POSITIVE_INFINITY, all, most);
    }
    double lo = 0;
    double hi = 1;
    while (symbols(allocate(patchBits, hi)) <= budget) {
      lo = hi;
      hi *= 2;
    }
    // S(η) is a non-decreasing step function; 60 halvings pin its last step below the budget to double precision.
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (symbols(allocate(patchBits, mid)) <= budget) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    int[] best = allocate(patchBits, lo);
    return new Allocation(lo, best, symbols(best));
  }

  /**
   * Training form: symbols per patch for patch bits [B, h, w] and per-sample scales η [B, 1], as floats.
   * Piecewise constant in the bits, so no gradient flows through it (callers pass detached bits).
   */
  public NDArray levelsOf(NDArray patchBits, NDArray eta) {
    long b = patchBits.getShape().get(0);
    NDArray t = patchBits.mul(eta.reshape(b, 1, 1));
    NDArray out = t.zerosLike();
    for (int k = 0; k < midpoints.length; k++) {
      out = out.add(t.gt((float) midpoints[k]).toType(t.getDataType(), false).mul((float) (levels[k + 1] - levels[k])));
    }
    return out;
  }
}
