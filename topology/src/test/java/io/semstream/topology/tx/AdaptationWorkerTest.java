package io.semstream.topology.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        group, 10)).join();
    worker.detach();

    assertFalse(done.result().sent());
    assertEquals(0, done.result().newVersion());
    assertNull(done.parameters(), "nothing to hold for a refused delta");
  }

  @Test
  void aRefusedAttemptGivesTheStreamsNextAttemptOnTheSameVersionAHeadStart() {
    List<RgbImage> first = LongStream.range(0, 4).mapToObj(TinyAdaptiveCodec::image).toList();
    List<RgbImage> second = LongStream.range(4, 8).mapToObj(TinyAdaptiveCodec::image).toList();
    AdaptationSettings refuses = OnlineAdaptationTransmitterTest.SENDS.withLambda(1e-9);
    AdaptationWorker.Job secondJob = new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 0, null, second, 10);

    AdaptationWorker carrying = new AdaptationWorker(TinyAdaptiveCodec.registry(), refuses, Runnable::run);
    carrying.attach();
    carrying.submit(new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 0, null, first, 10)).join();
    // The fine-tuner draws its channel noise from the job's own seed (stream and version), so compared jobs
    // see the same noise whatever else the JVM runs.
    int[] carried = carrying.submit(secondJob).join().result().delta().steps();
    // The same stream at another version, and another stream, start over.
    carrying.submit(new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 0, null, first, 10)).join();
    int[] otherVersion = carrying.submit(new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 3, null, second, 10))
        .join().result().delta().steps();
    carrying.submit(new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 0, null, first, 10)).join();
    int[] otherStream = carrying.submit(new AdaptationWorker.Job("cam2", TinyAdaptiveCodec.ID, 0, null, second, 10))
        .join().result().delta().steps();
    carrying.detach();

    AdaptationWorker fresh = new AdaptationWorker(TinyAdaptiveCodec.registry(), refuses, Runnable::run);
    fresh.attach();
    int[] fromScratch = fresh.submit(secondJob).join().result().delta().steps();
    int[] fromScratchAt3 = fresh.submit(new AdaptationWorker.Job("cam", TinyAdaptiveCodec.ID, 3, null, second, 10))
        .join().result().delta().steps();
    int[] fromScratchOtherStream = fresh.submit(new AdaptationWorker.Job("cam2", TinyAdaptiveCodec.ID, 0, null, second,
        10)).join().result().delta().steps();
    fresh.detach();

    assertFalse(Arrays.equals(fromScratch, carried), "the second attempt went on from the first");
    assertArrayEquals(fromScratchAt3, otherVersion, "values tuned on version 0 are no head start for version 3");
    assertArrayEquals(fromScratchOtherStream, otherStream, "one stream's values are no head start for another");
  }

  @Test
  void lambdaZeroIsRejectedAsASetting() {
    // The adapter weighs rate by 1/λ; zero would make every fine-tuning loss infinite.
    assertThrows(IllegalArgumentException.class, () -> AdaptationSettings.every(4).withLambda(0));
  }
}
