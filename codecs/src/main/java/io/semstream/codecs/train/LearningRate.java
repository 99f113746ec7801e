package io.semstream.codecs.train;

import ai.djl.training.tracker.Tracker;

/** The trainers' schedule: cosine decay from lr to lr/20 over the run, continued where a resumed run starts. */
final class LearningRate {
  private LearningRate() {}

  static Tracker cosine(float lr, int steps, int startStep) {
    Tracker cosine = Tracker.cosine().setBaseValue(lr).optFinalValue(lr / 20f)
        .setMaxUpdates(Math.max(1, steps)).build();
    return update -> cosine.getNewValue(update + startStep);
  }
}
