package io.semstream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.schemas.Reconstruction;
import io.semstream.topology.tx.AdaptationSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DeltaShareTest {

  private static Reconstruction rec(int width, int height, double cbr, double cbrDelta) {
    return Reconstruction.newBuilder()
        .setStreamId("s").setSeq(0).setCaptureTimestamp(0).setCodecId("explicit-c16")
        .setWidth(width).setHeight(height).setPayload(ByteBuffer.allocate(0))
        .setCbr(cbr).setCbrDelta(cbrDelta).setSnrDb(10).setLatencyMs(0)
        .build();
  }

  @Test
  void sharesAreWeightedBySourceDimension() {
    // 64x64 at CBR 0.1 of which 0.05 delta; 128x64 at CBR 0.1 with no delta: 0.05*1 / (0.1*1 + 0.1*2).
    double share = DeltaShare.of(List.of(rec(64, 64, 0.1, 0.05), rec(128, 64, 0.1, 0)));
    assertEquals(0.05 / 0.3, share, 1e-12);
  }

  @Test
  void noDeltasOrNoFramesIsZero() {
    assertEquals(0.0, DeltaShare.of(List.of(rec(64, 64, 1.0 / 16, 0), rec(64, 64, 1.0 / 16, 0))));
    assertEquals(0.0, DeltaShare.of(List.of()));
  }

  @Test
  void theDemoRunsTheAdaptationItIsGiven() {
    ChannelConfig awgn = ChannelConfig.parse("awgn", 10);
    AdaptationSettings on = AdaptationSettings.every(4).withSteps(2);
    assertEquals(on, Demo.pipelineConfig(options(on), awgn).adaptation());
    assertEquals(AdaptationSettings.OFF, Demo.pipelineConfig(options(null), awgn).adaptation());
  }

  private static DemoOptions options(AdaptationSettings a) {
    return new DemoOptions(null, 8, null, 10, "awgn", "explicit-c16", null, null, null, "s",
        Duration.ofSeconds(1), new Properties(), false, Double.NaN, a, null);
  }
}
