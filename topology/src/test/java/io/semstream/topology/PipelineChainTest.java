package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.schemas.Frame;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three roles chained by hand, each topic's output piped into the next role, as the broker would. */
class PipelineChainTest {
  @TempDir Path state;

  @Test
  void framesComeOutReconstructedAndScored() {
    PipelineConfig config = Harness.config().defaultChannel(io.semstream.codecs.channel.ChannelConfig.awgn(20)).build();
    try (Harness tx = Harness.of(Role.TX, config, state.resolve("tx"));
         Harness ch = Harness.of(Role.CHANNEL, config, state.resolve("channel"));
         Harness rx = Harness.of(Role.RX, config, state.resolve("rx"))) {
      List<Frame> frames = new ArrayList<>();
      for (long seq = 0; seq < 3; seq++) {
        Frame f = TestFrames.png("cam", seq, TestFrames.image(32, 32, seq));
        frames.add(f);
        tx.pipe(tx.topics.frames(), "cam", f);
        rx.pipe(rx.topics.frames(), "cam", f);
      }
      forward(tx, tx.topics.txSymbols(), ch);
      forward(ch, ch.topics.rxSymbols(), rx);
      List<Reconstruction> out = rx.read(rx.topics.reconstructions(), SemSerdes.reconstruction());
      assertEquals(3, out.size());
      for (Reconstruction r : out) {
        assertEquals(20.0, r.getSnrDb());
        assertTrue(r.getPsnr() > 25, "PSNR " + r.getPsnr());
        assertEquals(1.0 / 32, r.getCbr(), 0.01);
      }
    }
  }

  private static void forward(Harness from, String topic, Harness to) {
    for (TestRecord<byte[], byte[]> r : from.records(topic)) {
      to.pipeBytes(topic, new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), r.value());
    }
  }
}
