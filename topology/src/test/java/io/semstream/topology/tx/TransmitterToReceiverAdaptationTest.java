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
import io.semstream.topology.Harness;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.ReceiverTopology;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import java.nio.file.Path;
import java.util.List;
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
         Harness rx = receiver(topics);
         ExplicitCodec base = TinyAdaptiveCodec.create()) {
      tx.frames("cam", 0, 2 * GROUP);
      List<ModelDelta> deltas = tx.deltas();
      assertEquals(1, deltas.size());
      long clock = TinyAdaptiveCodec.T0;
      rx.pipeAt(topics.modelDeltas(), "cam", SemSerdes.modelDelta().toBytes(deltas.get(0)), clock);

      List<TxPacket> adapted = tx.packets().subList(GROUP, 2 * GROUP);
      double basePsnr = 0;
      for (TxPacket p : adapted) {
        RxPacket received = TinyAdaptiveCodec.received(p);
        basePsnr += Psnr.of(TinyAdaptiveCodec.image(p.getSeq()), base.decode(received));
        rx.pipeAt(topics.rxSymbols(), "cam", SemSerdes.rxPacket().toBytes(received), clock += 10);
      }
      List<Reconstruction> out = rx.read(topics.reconstructions(), SemSerdes.reconstruction());

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
      float[] held = rx.<String, float[]>store(ReceiverTopology.DECODER_PARAMETERS_STORE).get("cam");
      assertArrayEquals(tx.parameters().get("cam"), held, "both ends hold the same version, bit for bit");
    }
  }

  @Test
  void packetsSentBeforeADeltaAreDecodedWithTheVersionTheyNameWhenTheDeltaOvertakesThem() {
    // The delta travels straight to the receiver; the packets before it go through the channel, which may lag.
    Topics topics = Topics.defaults();
    try (TransmitterDriver tx = new TransmitterDriver(OnlineAdaptationTransmitterTest.SENDS, txState);
         Harness rx = receiver(topics);
         ExplicitCodec base = TinyAdaptiveCodec.create()) {
      tx.frames("cam", 0, 2 * GROUP);
      long clock = TinyAdaptiveCodec.T0;
      rx.pipeAt(topics.modelDeltas(), "cam", SemSerdes.modelDelta().toBytes(tx.deltas().get(0)), clock);
      List<TxPacket> packets = tx.packets();
      for (TxPacket p : packets) {
        rx.pipeAt(topics.rxSymbols(), "cam", SemSerdes.rxPacket().toBytes(TinyAdaptiveCodec.received(p)), clock += 10);
      }
      List<Reconstruction> out = rx.read(topics.reconstructions(), SemSerdes.reconstruction());

      assertEquals(2 * GROUP, out.size());
      for (int i = 0; i < out.size(); i++) {
        Reconstruction r = out.get(i);
        assertEquals(packets.get(i).getModelVersion(), r.getModelVersion(), "frame " + r.getSeq());
        assertFalse(r.getStale(), "frame " + r.getSeq());
        if (r.getModelVersion() == 0) {
          assertArrayEquals(base.decode(TinyAdaptiveCodec.received(packets.get(i))).rgb(),
              ImageFiles.decode(Bytes.of(r.getPayload())).rgb(), "frame " + r.getSeq() + " as the shipped decoder has it");
        }
      }
    }
  }

  private Harness receiver(Topics topics) {
    PipelineConfig config = PipelineConfig.builder().keepReferenceFrames(false).computeMsSsim(false).build();
    return Harness.of(ReceiverTopology.build(topics, config, TinyAdaptiveCodec.registry()), Role.RX, rxState,
        TinyAdaptiveCodec.T0);
  }
}
