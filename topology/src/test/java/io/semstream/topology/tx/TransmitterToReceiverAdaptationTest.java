package io.semstream.topology.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.OutputTopics;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.ReceiverTopology;
import io.semstream.topology.Role;
import io.semstream.topology.StreamsSettings;
import io.semstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transmitter's delta through the real receiver topology: applied, and worth having. */
class TransmitterToReceiverAdaptationTest {
  private static final int GROUP = OnlineAdaptationTransmitterTest.GROUP;

  @TempDir Path txState;
  @TempDir Path rxState;

  @Test
  void theReceiverAppliesTheDeltaAndDecodesLaterFramesCloserToTheSource() {
    Topics topics = Topics.defaults();
    try (TransmitterDriver tx = new TransmitterDriver(OnlineAdaptationTransmitterTest.SENDS, txState);
         TopologyTestDriver rx = receiver(topics);
         ExplicitCodec base = TinyAdaptiveCodec.create()) {
      tx.frames("cam", 0, 2 * GROUP);
      List<ModelDelta> deltas = tx.deltas();
      assertEquals(1, deltas.size());
      TestInputTopic<byte[], byte[]> deltaIn = input(rx, topics.modelDeltas());
      TestInputTopic<byte[], byte[]> packetsIn = input(rx, topics.rxSymbols());
      long clock = TinyAdaptiveCodec.T0;
      deltaIn.pipeInput(record(SemSerdes.modelDelta().toBytes(deltas.get(0)), clock));

      List<TxPacket> adapted = tx.packets().subList(GROUP, 2 * GROUP);
      double basePsnr = 0;
      for (TxPacket p : adapted) {
        RxPacket received = TinyAdaptiveCodec.received(p);
        basePsnr += Psnr.of(TinyAdaptiveCodec.image(p.getSeq()), base.decode(received));
        packetsIn.pipeInput(record(SemSerdes.rxPacket().toBytes(received), clock += 10));
      }
      List<Reconstruction> out = OutputTopics.read(rx, topics.reconstructions(), SemSerdes.reconstruction());

      assertEquals(GROUP, out.size());
      double adaptedPsnr = 0;
      for (Reconstruction r : out) {
        assertEquals(1, r.getModelVersion());
        assertFalse(r.getStale());
        RgbImage decoded = ImageFiles.decode(Bytes.of(r.getPayload()));
        adaptedPsnr += Psnr.of(TinyAdaptiveCodec.image(r.getSeq()), decoded);
      }
      assertTrue(adaptedPsnr / GROUP > basePsnr / GROUP + 1.0,
          "adapted " + adaptedPsnr / GROUP + " dB vs base " + basePsnr / GROUP + " dB");
      float[] held = rx.<String, float[]>getKeyValueStore(ReceiverTopology.DECODER_PARAMETERS_STORE).get("cam");
      assertArrayEquals(tx.parameters().get("cam"), held, "both ends hold the same version, bit for bit");
    }
  }

  private TopologyTestDriver receiver(Topics topics) {
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, rxState.toString());
    Properties props = StreamsSettings.forRole(Role.RX.id(), "unused:9092", overrides);
    PipelineConfig config = PipelineConfig.builder().keepReferenceFrames(false).computeMsSsim(false).build();
    return new TopologyTestDriver(ReceiverTopology.build(topics, config, TinyAdaptiveCodec.registry()), props,
        Instant.ofEpochMilli(TinyAdaptiveCodec.T0));
  }

  private static TestInputTopic<byte[], byte[]> input(TopologyTestDriver driver, String topic) {
    return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static TestRecord<byte[], byte[]> record(byte[] value, long timestamp) {
    return new TestRecord<>("cam".getBytes(StandardCharsets.UTF_8), value, Instant.ofEpochMilli(timestamp));
  }
}
