package io.semstream.codecs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class LearningRateTest {

  @Test
  void aFreshRunStartsAtTheBaseRateAndEndsAtOneTwentieth() {
    Tracker t = LearningRate.cosine(1e-3f, 1000, 0);
    assertEquals(1e-3f, t.getNewValue(0), 1e-9f);
    assertEquals(5e-5f, t.getNewValue(1000), 1e-9f);
  }

  @Test
  void aResumedRunWarmsUpToTheScheduleItContinues() {
    Tracker resumed = LearningRate.cosine(1e-3f, 10000, 5000);
    Tracker whole = LearningRate.cosine(1e-3f, 10000, 0);
    float target = whole.getNewValue(5000);
    assertTrue(resumed.getNewValue(0) < target / 100, "the first update after a resume is tiny: " + resumed.getNewValue(0));
    float half = resumed.getNewValue(LearningRate.RESUME_WARMUP / 2 - 1);
    assertEquals(0.5, half / whole.getNewValue(5000 + LearningRate.RESUME_WARMUP / 2 - 1), 1e-3);
    for (int u = LearningRate.RESUME_WARMUP; u < 3000; u += 250) {
      assertEquals(whole.getNewValue(5000 + u), resumed.getNewValue(u), 1e-9f, "after the warm-up, update " + u);
    }
  }
}
