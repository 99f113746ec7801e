package io.semstream.codecs.train;

import ai.djl.training.tracker.Tracker;

/**
 * The trainers' schedule: cosine decay from lr to lr/20 over the run, continued where a resumed run
 * starts. A resumed run first warms up over {@link #RESUME_WARMUP} updates, rising linearly to the
 * schedule: its Adam moments start from zero, and at full step size the first few hundred updates,
 * normalised by a second moment that has seen few gradients, knocked a converged network over. Three
 * explicit runs resumed at full rate saw their side info double 150–260 steps after the resume.
 */
final class LearningRate {
  static final int RESUME_WARMUP = 500;

  private LearningRate() {}

  static Tracker cosine(float lr, int steps, int startStep) {
    Tracker cosine = Tracker.cosine().setBaseValue(lr).optFinalValue(lr / 20f)
        .setMaxUpdates(Math.max(1, steps)).build();
    if (startStep == 0) {
      return update -> cosine.getNewValue(update);
    }
    return update -> cosine.getNewValue(update + startStep) * Math.min(1f, (update + 1) / (float) RESUME_WARMUP);
  }
}
