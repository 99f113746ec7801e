package io.semstream.topology.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.semstream.codecs.image.RgbImage;
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
  void lambdaZeroIsRejectedAsASetting() {
    // The adapter weighs rate by 1/λ; zero would make every fine-tuning loss infinite.
    assertThrows(IllegalArgumentException.class, () -> AdaptationSettings.every(4).withLambda(0));
  }
}
