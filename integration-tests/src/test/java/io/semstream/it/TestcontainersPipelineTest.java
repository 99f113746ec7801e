package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.schemas.Reconstruction;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same 24-frame run against Kafka in a container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersPipelineTest {

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

  @Test
  void twentyFourFramesCrossAllThreeRolesInOrder() throws Exception {
    try (PipelineScenario s = new PipelineScenario(KAFKA.getBootstrapServers(), "tc-", "cam-tc", 10)) {
      assertEquals(24, s.sendSyntheticFrames(24, 64, 64));
      s.awaitOutcomes(24, Duration.ofSeconds(180));
      assertEquals(24, s.collector.reconstructions().size());
      assertEquals(LongStream.range(0, 24).boxed().toList(), s.collector.arrivalOrder());
      for (Reconstruction r : s.collector.reconstructions().values()) {
        assertTrue(r.getPsnr() != null && r.getPsnr() > PipelineScenario.PSNR_FLOOR_DB);
      }
    }
  }
}
