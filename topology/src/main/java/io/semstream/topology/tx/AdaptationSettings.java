package io.semstream.topology.tx;

import io.semstream.codecs.hybrid.OnlineAdapter;

/**
 * How the transmitter adapts each stream's decoder online (DESIGN §6): the grouping and checkpoint cadence
 * that are the transmitter's own, and the fine-tuning itself as the online adapter defines it (its options
 * are the one definition of steps, learning rate, λ and the delta's largest share). Off unless
 * {@code groupFrames} is positive; it applies only to codecs whose decoder a mirror can fine-tune.
 *
 * @param groupFrames frames per adaptation group (N); 0 = no adaptation
 * @param checkpointEvery a full checkpoint after every this many deltas (M), so a late receiver can join
 * @param adapter the fine-tuning and the rate-distortion test ({@link OnlineAdapter.Options})
 */
public record AdaptationSettings(int groupFrames, int checkpointEvery, OnlineAdapter.Options adapter) {

  public static final AdaptationSettings OFF = every(0);

  public AdaptationSettings {
    if (groupFrames < 0 || checkpointEvery < 1 || adapter == null) {
      throw new IllegalArgumentException("adaptation needs groupFrames >= 0, checkpointEvery >= 1 and the"
          + " adapter's options; got " + groupFrames + ", " + checkpointEvery + ", " + adapter);
    }
    if (!(adapter.lambda() > 0 || Double.isNaN(adapter.lambda()))) {
      // The adapter's rate weight is 1/λ: zero would divide by zero.
      throw new IllegalArgumentException("adaptation needs lambda > 0 (or NaN: measured), got " + adapter.lambda());
    }
  }

  /** Adaptation on groups of {@code n} frames (0: off) with the adapter's defaults. */
  public static AdaptationSettings every(int n) {
    return new AdaptationSettings(n, 10, OnlineAdapter.Options.defaults());
  }

  public boolean enabled() {
    return groupFrames > 0;
  }

  public int steps() {
    return adapter.steps();
  }

  public double maxDeltaShare() {
    return adapter.maxDeltaShare();
  }

  public AdaptationSettings withSteps(int k) {
    return new AdaptationSettings(groupFrames, checkpointEvery, adapter.withSteps(k));
  }

  public AdaptationSettings withLearningRate(float lr) {
    return new AdaptationSettings(groupFrames, checkpointEvery, adapter.withLearningRate(lr));
  }

  public AdaptationSettings withLambda(double l) {
    return new AdaptationSettings(groupFrames, checkpointEvery, adapter.withLambda(l));
  }

  public AdaptationSettings withCheckpointEvery(int m) {
    return new AdaptationSettings(groupFrames, m, adapter);
  }

  public AdaptationSettings withMaxDeltaShare(double share) {
    return new AdaptationSettings(groupFrames, checkpointEvery, adapter.withMaxDeltaShare(share));
  }

  /** The adapter's options seeded per stream, so two streams do not share noise draws. */
  OnlineAdapter.Options adapterOptions(long seed) {
    return adapter.withSeed(seed);
  }
}
