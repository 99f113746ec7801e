package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.UnknownCodecException;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.tx.AdaptationSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransmitterTopologyTest {
  @TempDir Path state;

  @Test
  void emitsOnePacketPerFrameWithUnitPowerAndTheCodecId() {
    try (Harness h = Harness.of(Role.TX, Harness.config().build(), state)) {
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 0, TestFrames.image(64, 48, 0)));
      h.pipe(h.topics.frames(), "cam", TestFrames.png("cam", 1, TestFrames.image(64, 48, 1)));
      h.pipe(h.topics.frames(), "cam", TestFrames.frame("cam", 2, 64, 48, PixelFormat.JPEG,
          ImageFiles.encodeJpeg(TestFrames.image(64, 48, 2), 0.9f)));

      List<TestRecord<byte[], byte[]>> records = h.records(h.topics.txSymbols());
      assertEquals(3, records.size());
      for (int seq = 0; seq < 3; seq++) {
        TestRecord<byte[], byte[]> r = records.get(seq);
        TxPacket p = SemSerdes.txPacket().fromBytes(r.value());
        assertEquals("cam", new String(r.key(), StandardCharsets.UTF_8));
        assertEquals(seq, p.getSeq());
        assertEquals(BlockAverageCodec.ID, p.getCodecId());
        assertEquals(64, p.getWidth());
        assertEquals(48, p.getHeight());
        assertEquals(64 * 48 * 3, p.getSourceDimension());
        assertEquals(PipelineConfig.DEFAULT_SNR_DB, p.getSnrDb());
        float[] iq = Symbols.fromBytes(p.getSymbols());
        assertEquals(BlockAverageCodec.complexSymbols(64, 48), iq.length / 2);
        assertEquals(1.0, Symbols.meanPower(iq), 1e-4, "unit average power per complex symbol");
        assertEquals(TestFrames.WALL, p.getTxTimestamp(), "stamped with the transmitter's clock");
      }
      assertTrue(h.deadLetters().isEmpty());
    }
  }

  @Test
  void encodesForTheLinkItsChannelStateDescribes() {
    try (Harness h = Harness.of(Role.TX, Harness.config().build(), state)) {
      h.pipe(h.topics.channelState(), "cam", TestFrames.channel("cam", 3.0, FadingModel.RAYLEIGH_FAST, true));
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 0, TestFrames.image(32, 32, 0)));
      h.pipe(h.topics.frames(), "other", TestFrames.raw("other", 0, TestFrames.image(32, 32, 0)));
      h.pipe(h.topics.channelState(), "cam", null); // forget: back to the default link
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 1, TestFrames.image(32, 32, 1)));

      List<TxPacket> packets = h.read(h.topics.txSymbols(), SemSerdes.txPacket());
      assertEquals(3.0, packets.get(0).getSnrDb());
      assertEquals(PipelineConfig.DEFAULT_SNR_DB, packets.get(1).getSnrDb());
      assertEquals(PipelineConfig.DEFAULT_SNR_DB, packets.get(2).getSnrDb());
      assertTrue(h.deadLetters().isEmpty());
    }
  }

  @Test
  void adaptationOnWithACodecThatCannotAdaptLeavesEveryPacketAtVersionZero() {
    PipelineConfig config = Harness.config().adaptation(AdaptationSettings.every(2).withLambda(1e9).withMaxDeltaShare(1)).build();
    try (Harness h = Harness.of(Role.TX, config, state)) {
      for (int seq = 0; seq < 5; seq++) {
        h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", seq, TestFrames.image(32, 32, seq)));
      }
      List<TxPacket> packets = h.read(h.topics.txSymbols(), SemSerdes.txPacket());
      assertEquals(5, packets.size());
      assertTrue(packets.stream().allMatch(p -> p.getModelVersion() == 0));
      assertTrue(h.records(h.topics.modelDeltas()).isEmpty());
      assertTrue(h.deadLetters().isEmpty());
    }
  }

  @Test
  void aCodecTheRegistryDoesNotKnowFailsAtBuildTime() {
    PipelineConfig config = PipelineConfig.builder().codecId("no-such-codec").build();
    assertThrows(UnknownCodecException.class,
        () -> TransmitterTopology.build(Topics.defaults(), config, BlockAverageCodec.registry()));
  }

  @Test
  void namedNodesFollowTheDiagram() {
    TopologyDescription d =
        TransmitterTopology.build(Topics.defaults(), Harness.config().build(), BlockAverageCodec.registry()).describe();
    String text = d.toString();
    for (String node : List.of(TransmitterTopology.FRAMES_SOURCE, TransmitterTopology.FRAME_READER,
        TransmitterTopology.FRAME_ENCODER, TransmitterTopology.TX_SYMBOLS_SINK, TransmitterTopology.CHANNEL_STATE_WRITER,
        TransmitterTopology.CHANNEL_STATE_STORE, "dead-letter-sink")) {
      assertTrue(text.contains(node), node + " in\n" + text);
    }
  }
}
