package io.semstream.topology.tx;

import io.semstream.codecs.hybrid.OnlineAdapter;

/**
 * How the transmitter adapts each stream's decoder online (DESIGN §5 hybrid, §6). Off unless
 * {@code groupFrames} is positive; it applies only to codecs whose decoder a mirror can fine-tune (explicit).
 *
 * @param groupFrames frames per adaptation group (N); 0 = no adaptation
 * @param steps fine-tuning steps per group (K)
 * @param learningRate Adam's step size on the decoder subset
 * @param lambda channel uses one unit of distortion is worth (see {@link OnlineAdapter}); NaN = the codec's
 *     own exchange rate. Positive: a tiny value refuses every delta, a huge one sends any improvement (0 is
 *     refused here because the adapter's rate weight is 1/λ)
 * @param checkpointEvery a full checkpoint after every this many deltas (M), so a late receiver can join
 * @param maxDeltaShare the most a delta may take of its group's channel uses plus its own (see
 *     {@link OnlineAdapter.Options#maxDeltaShare})
 */
public record AdaptationSettings(int groupFrames, int steps, float learningRate, double lambda, int checkpointEvery,
    double maxDeltaShare) {

  public static final AdaptationSettings OFF = every(0);

  public AdaptationSettings {
    if (groupFrames < 0 || steps < 0 || checkpointEvery < 1 || !(learningRate > 0)
        || !(lambda > 0 || Double.isNaN(lambda)) || !(maxDeltaShare >= 0 && maxDeltaShare <= 1)) {
      throw new IllegalArgumentException("adaptation needs groupFrames >= 0, steps >= 0, learningRate > 0,"
          + " lambda > 0 (or NaN), checkpointEvery >= 1 and maxDeltaShare in [0, 1]; got " + groupFrames + ", "
          + steps + ", " + learningRate + ", " + lambda + ", " + checkpointEvery + ", " + maxDeltaShare);
    }
  }

  /** Adaptation on groups of {@code n} frames (0: off) with the adapter's default steps, rate and λ. */
  public static AdaptationSettings every(int n) {
    OnlineAdapter.Options d = OnlineAdapter.Options.defaults();
    return new AdaptationSettings(n, d.steps(), d.learningRate(), d.lambda(), 10, d.maxDeltaShare());
  }

  public boolean enabled() {
    return groupFrames > 0;
  }

  public AdaptationSettings withSteps(int k) {
    return new AdaptationSettings(groupFrames, k, learningRate, lambda, checkpointEvery, maxDeltaShare);
  }

  public AdaptationSettings withLearningRate(float lr) {
    return new AdaptationSettings(groupFrames, steps, lr, lambda, checkpointEvery, maxDeltaShare);
  }

  public AdaptationSettings withLambda(double l) {
    return new AdaptationSettings(groupFrames, steps, learningRate, l, checkpointEvery, maxDeltaShare);
  }

  public AdaptationSettings withCheckpointEvery(int m) {
    return new AdaptationSettings(groupFrames, steps, learningRate, lambda, m, maxDeltaShare);
  }

  public AdaptationSettings withMaxDeltaShare(double share) {
    return new AdaptationSettings(groupFrames, steps, learningRate, lambda, checkpointEvery, share);
  }

  /** The adapter's options with these overrides; seeded per stream so two streams do not share noise draws. */
  OnlineAdapter.Options adapterOptions(long seed) {
    OnlineAdapter.Options d = OnlineAdapter.Options.defaults();
    return new OnlineAdapter.Options(steps, learningRate, d.framesPerStep(), d.cropPatches(), lambda,
        d.dbPerCbrDoubling(), d.mu(), d.stepExponent(), seed, maxDeltaShare);
  }
}
