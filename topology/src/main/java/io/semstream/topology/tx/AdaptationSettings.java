package io.semstream.topology.tx;

import io.semstream.codecs.hybrid.OnlineAdapter;

/**
 * How the transmitter adapts each stream's decoder online (DESIGN §6): the grouping and checkpoint cadence
 * that are the transmitter's own, and the fine-tuning itself as the online adapter defines it (its options
 * are the one definition of steps, learning rate, λ and the delta's largest share). Off unless
 * {@code groupFrames} is positive; it applies only to codecs whose decoder a mirror can fine-tune.
 *
 * @param groupFrames frames per adaptation group (N); 0 = no adaptation
 * @param lagFrames how many frames after its group's last one a delta goes out (L, 1 to N): the frame that
 *     announces a version is fixed by the stream, never by how fast the worker was, so a replay or a
 *     restarted transmitter sends the same deltas with the same frames
 * @param checkpointEvery a full checkpoint after every this many deltas (M), so a late receiver can join
 * @param adapter the fine-tuning and the rate-distortion test ({@link OnlineAdapter.Options})
 * @param maxWaitingFrames the most frames of a stream that may wait for one adaptation job; when one more
 *     arrives the job is abandoned (that group's adaptation is lost, the frames go out at the version the
 *     stream is at), so a worker slower than its streams for good costs adaptation, never unbounded
 *     latency or state. Only then does the output depend on the worker's speed.
 */
public record AdaptationSettings(int groupFrames, int lagFrames, int checkpointEvery, OnlineAdapter.Options adapter,
    int maxWaitingFrames) {

  public static final AdaptationSettings OFF = every(0);
  /** Groups' worth of frames that may wait for a job by default. */
  static final int DEFAULT_WAITING_GROUPS = 4;

  public AdaptationSettings {
    if (groupFrames < 0 || checkpointEvery < 1 || adapter == null) {
      throw new IllegalArgumentException("adaptation needs groupFrames >= 0, checkpointEvery >= 1 and the"
          + " adapter's options; got " + groupFrames + ", " + checkpointEvery + ", " + adapter);
    }
    if (maxWaitingFrames < 1) {
      throw new IllegalArgumentException("at least one frame must be allowed to wait for a job, got " + maxWaitingFrames);
    }
    if (groupFrames > 0 && (lagFrames < 1 || lagFrames > groupFrames)) {
      // Beyond N the next group would be complete before the version it must start from exists.
      throw new IllegalArgumentException("a delta goes out 1 to " + groupFrames + " frames (the group size) after"
          + " its group, not " + lagFrames);
    }
    if (!(adapter.lambda() > 0 || Double.isNaN(adapter.lambda()))) {
      // The adapter's rate weight is 1/λ: zero would divide by zero.
      throw new IllegalArgumentException("adaptation needs lambda > 0 (or NaN: measured), got " + adapter.lambda());
    }
  }

  /**
   * Adaptation on groups of {@code n} frames (0: off) with the adapter's defaults; each delta goes out with
   * the last frame of the next group, which gives the worker a whole group's time.
   */
  public static AdaptationSettings every(int n) {
    return new AdaptationSettings(n, n, 10, OnlineAdapter.Options.defaults(), Math.max(1, DEFAULT_WAITING_GROUPS * n));
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
    return new AdaptationSettings(groupFrames, lagFrames, checkpointEvery, adapter.withSteps(k), maxWaitingFrames);
  }

  public AdaptationSettings withLearningRate(float lr) {
    return new AdaptationSettings(groupFrames, lagFrames, checkpointEvery, adapter.withLearningRate(lr), maxWaitingFrames);
  }

  public AdaptationSettings withLambda(double l) {
    return new AdaptationSettings(groupFrames, lagFrames, checkpointEvery, adapter.withLambda(l), maxWaitingFrames);
  }

  /** Groups of {@code n} frames, the waiting bound back at its default for them, the rest unchanged. */
  public AdaptationSettings withGroup(int n) {
    return new AdaptationSettings(n, lagFrames, checkpointEvery, adapter, Math.max(1, DEFAULT_WAITING_GROUPS * n));
  }

  /** Deltas out {@code lag} frames after their group's last frame (1 to the group size). */
  public AdaptationSettings withLag(int lag) {
    return new AdaptationSettings(groupFrames, lag, checkpointEvery, adapter, maxWaitingFrames);
  }

  /** At most {@code n} frames of a stream wait for one job. */
  public AdaptationSettings withMaxWaitingFrames(int n) {
    return new AdaptationSettings(groupFrames, lagFrames, checkpointEvery, adapter, n);
  }

  public AdaptationSettings withCheckpointEvery(int m) {
    return new AdaptationSettings(groupFrames, lagFrames, m, adapter, maxWaitingFrames);
  }

  public AdaptationSettings withMaxDeltaShare(double share) {
    return new AdaptationSettings(groupFrames, lagFrames, checkpointEvery, adapter.withMaxDeltaShare(share), maxWaitingFrames);
  }

  /** The adapter's options seeded per stream, so two streams do not share noise draws. */
  OnlineAdapter.Options adapterOptions(long seed) {
    return adapter.withSeed(seed);
  }
}
