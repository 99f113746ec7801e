package io.semstream.codecs.api;

import io.semstream.codecs.image.RgbImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A codec whose transmitter can fine-tune its own copy of the receiver's decoder (DESIGN §6): the
 * instance is the mirror, and the values it holds in the {@link AdaptiveDecoder} vector are the mirror's
 * state. The adaptation policy (when a delta is worth sending, how it is quantised) lives outside the
 * codec, in terms of this interface only, so it serves any family that can offer these four operations.
 */
public interface AdaptiveEncoder extends AdaptiveDecoder {

  /** The adaptable vector the instance decodes with now; a copy. */
  float[] adaptableValues();

  /** Makes the instance decode with {@code values} (same size as {@link #baseParameters()}). */
  void setAdaptableValues(float[] values);

  /**
   * Encodes frames of one size once, as this codec would send them at the SNR and CBR, and keeps what the
   * receiver's decoder would be fed, so they can be decoded again and again while the decoder is tuned.
   */
  Group encodeGroup(List<RgbImage> frames, double snrDb, double cbrTarget);

  /**
   * D of the group as the instance decodes it now: Σ((x − x̂)/255)² over every unpadded sample of every
   * frame, the 8-bit reconstructions decoded after AWGN at the group's SNR drawn from {@code noiseSeed}
   * (the same draws for every call with that seed, so two calls differ only by the vector).
   */
  double groupDistortion(Group group, long noiseSeed);

  /**
   * Tunes the vector on the group with the channel in the loop, minimising MSE + rateWeight·Σ|θ − base|,
   * starting from {@code start}; the instance holds the result on return.
   */
  FineTuning fineTune(Group group, float[] base, float[] start, FineTuningPlan plan, SplittableRandom rng);

  /** Frames encoded once; opaque to callers apart from these figures. */
  interface Group {
    int size();

    double snrDb();

    /** Channel uses the frames cost (symbols and side info). */
    long channelUses();

    /** Σ H·W·3 over the frames, unpadded. */
    long sourceDimension();
  }

  /**
   * @param steps optimiser steps
   * @param learningRate Adam's step size on the vector
   * @param framesPerStep frames per step (≤ 0: the whole group)
   * @param cropPatches side of a random crop per frame in the codec's patches (≤ 0: whole frames)
   * @param rateWeight weight of the L1 drift from the base, per source sample
   */
  record FineTuningPlan(int steps, float learningRate, int framesPerStep, int cropPatches, double rateWeight) {}

  /**
   * @param tuned the values reached (held by the instance)
   * @param firstLoss loss of the first step
   * @param lastLoss loss of the last finite step
   * @param divergedAtStep the 1-based step whose loss or gradients were not finite (0: none); {@code tuned}
   *     is then the vector before that step
   */
  record FineTuning(float[] tuned, double firstLoss, double lastLoss, int divergedAtStep) {
    public boolean diverged() {
      return divergedAtStep > 0;
    }
  }
}
