package io.semstream.codecs.nr;

/**
 * Turns channel uses into radio resources, so a user can ask how many resource blocks (and Hz) a stream
 * needs. One resource element (one subcarrier for one OFDM symbol) carries one complex symbol, i.e. one
 * channel use. The count is of raw resource elements: reference signals, control channels and guard
 * bands are not subtracted, so the answer is a lower bound on what a real carrier must allocate.
 */
public final class NrNumerology {
  public static final int SYMBOLS_PER_SLOT = 14;
  public static final int SUBCARRIERS_PER_RESOURCE_BLOCK = 12;
  private static final double BASE_SUBCARRIER_SPACING_HZ = 15_000.0;

  private final int mu;

  /** @param mu 0..4: 15, 30, 60, 120, 240 kHz subcarrier spacing (TS 38.211 Table 4.2-1, data numerologies) */
  public NrNumerology(int mu) {
    if (mu < 0 || mu > 4) {
      throw new IllegalArgumentException("NR numerology mu must be in 0..4, got " + mu);
    }
    this.mu = mu;
  }

  public int mu() {
    return mu;
  }

  public double subcarrierSpacingHz() {
    return BASE_SUBCARRIER_SPACING_HZ * (1 << mu);
  }

  /** 14 symbols per slot × 2^μ slots per ms × 1000 ms × 12 subcarriers. */
  public double symbolsPerSecondPerResourceBlock() {
    return (double) SYMBOLS_PER_SLOT * (1 << mu) * 1000.0 * SUBCARRIERS_PER_RESOURCE_BLOCK;
  }

  /**
   * Resource blocks needed to carry {@code channelUsesPerFrame} at {@code framesPerSecond}, rounded up.
   * A demand that is an exact multiple up to floating-point noise (e.g. 29.97 fps arithmetic) is not
   * rounded up to one block more.
   */
  public int resourceBlocksFor(long channelUsesPerFrame, double framesPerSecond) {
    if (channelUsesPerFrame < 0) {
      throw new IllegalArgumentException("channel uses per frame must be >= 0, got " + channelUsesPerFrame);
    }
    if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
      throw new IllegalArgumentException("frames per second must be positive and finite, got " + framesPerSecond);
    }
    double blocks = channelUsesPerFrame * framesPerSecond / symbolsPerSecondPerResourceBlock();
    double nearest = Math.rint(blocks);
    double rounded = Math.abs(blocks - nearest) <= 1e-9 * Math.max(1.0, blocks) ? nearest : Math.ceil(blocks);
    if (rounded > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("demand of " + blocks + " resource blocks does not fit an int");
    }
    return (int) rounded;
  }

  public double bandwidthHz(int resourceBlocks) {
    if (resourceBlocks < 0) {
      throw new IllegalArgumentException("resource blocks must be >= 0, got " + resourceBlocks);
    }
    return resourceBlocks * SUBCARRIERS_PER_RESOURCE_BLOCK * subcarrierSpacingHz();
  }
}
