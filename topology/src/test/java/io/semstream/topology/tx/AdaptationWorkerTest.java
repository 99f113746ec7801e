package io.semstream.topology.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.hybrid.OnlineAdapter;
import io.semstream.codecs.image.RgbImage;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class AdaptationWorkerTest {

  @Test
  void aTinyLambdaRefusesTheDeltaByDecisionNotByFailure() {
    AdaptationWorker worker = new AdaptationWorker(TinyAdaptiveCodec.registry(),
        OnlineAdaptationTransmitterTest.SENDS.withLambda(1e-9), Runnable::run);
    worker.attach();
    List<RgbImage> group = LongStream.range(0, 4).mapToObj(TinyAdaptiveCodec::image).toList();
    AdaptationWorker.Done done = worker.submit(new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 0, null,
        group, 10, null)).join();
    worker.detach();

    assertFalse(done.result().sent());
    assertEquals(0, done.result().newVersion());
    assertNull(done.parameters(), "nothing to hold for a refused delta");
  }

  @Test
  void aJobWithAHeadStartTunesOnFromItAndTheSameJobGivesTheSameDelta() {
    List<RgbImage> first = LongStream.range(0, 4).mapToObj(TinyAdaptiveCodec::image).toList();
    List<RgbImage> second = LongStream.range(4, 8).mapToObj(TinyAdaptiveCodec::image).toList();
    AdaptationSettings refuses = OnlineAdaptationTransmitterTest.SENDS.withLambda(1e-9);
    AdaptationWorker worker = new AdaptationWorker(TinyAdaptiveCodec.registry(), refuses, Runnable::run);
    worker.attach();
    OnlineAdapter.Result refused = worker.submit(new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 0, null, first,
        10, null)).join().result();
    float[] headStart = refused.carried();
    AdaptationWorker.Job fromScratch = new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 0, null, second, 10, null);
    AdaptationWorker.Job goingOn = new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 0, null, second, 10,
        headStart);
    int[] scratch = worker.submit(fromScratch).join().result().delta().steps();
    int[] carried = worker.submit(goingOn).join().result().delta().steps();
    // The worker remembers nothing between jobs: the same job, asked again, gives the same delta.
    int[] scratchAgain = worker.submit(fromScratch).join().result().delta().steps();
    worker.detach();

    assertTrue(headStart != null, "a refusal that lowered the distortion leaves its tuned values");
    assertFalse(Arrays.equals(scratch, carried), "the second attempt went on from the first");
    assertArrayEquals(scratch, scratchAgain, "no state carried inside the worker");
  }

  @Test
  void lambdaZeroIsRejectedAsASetting() {
    // The adapter weighs rate by 1/λ; zero would make every fine-tuning loss infinite.
    assertThrows(IllegalArgumentException.class, () -> AdaptationSettings.every(4).withLambda(0));
  }
}
