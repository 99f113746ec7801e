package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.demo.OfflineCheck;
import io.semstream.io.SyntheticVideo;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Frame;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.Bytes;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole pipeline on a real Kafka broker (KRaft, in this JVM). */
class EmbeddedBrokerPipelineTest extends EmbeddedBrokerTest {

  /**
   * Per frame, 256×256 and 250×190 frames of the sample video at 10 dB, both codecs at 1/16: the lowest
   * measured was 26.43 dB (Deep JSCC) and 26.50 dB (explicit) on 2026-12-01, as the test prints. The floor
   * leaves room for other noise draws and still catches a black (about 5 dB) or grey frame.
   */
  static final double REAL_SIZE_PSNR_FLOOR_DB = 24.0;

  @Test
  void twentyFourFramesCrossAllThreeRolesInOrder() throws Exception {
    try (PipelineScenario s = new PipelineScenario(broker.bootstrapServers(), "it-a-", "cam-a", 10)) {
      assertEquals(24, s.sendSyntheticFrames(24, 64, 64));
      s.awaitOutcomes(24, Duration.ofSeconds(180));
      assertEquals(0, s.collector.deadLetters().size(), () -> "dead letters: " + s.collector.deadLetters());
      assertEquals(24, s.collector.reconstructions().size());
      assertEquals(LongStream.range(0, 24).boxed().toList(), s.collector.arrivalOrder());
      for (Reconstruction r : s.collector.reconstructions().values()) {
        assertTrue(r.getPsnr() != null && r.getPsnr() > PipelineScenario.PSNR_FLOOR_DB,
            "frame " + r.getSeq() + " PSNR " + r.getPsnr());
        assertEquals(64, r.getWidth());
        assertEquals(1.0 / 16, r.getCbr(), 1e-9);
        assertEquals(10.0, r.getSnrDb(), 1e-9);
        RgbImage png = ImageFiles.decode(Bytes.of(r.getPayload()));
        assertEquals(64, png.height());
      }
    }
  }

  /**
   * Frames at the sizes users send, 256×256 and 250×190 (a multiple of neither 16 nor 8), through both
   * neural codec families and the hybrid digital-analog codec: every frame comes out, above a PSNR floor, and equal pixel for pixel to an
   * offline decode of the packet the receiver was given; the pipeline adds nothing and loses nothing.
   */
  @ParameterizedTest
  @ValueSource(strings = {"deepjscc-c16", "explicit-c16", "hda-j2k-c16"})
  void framesAtRealSizesEqualTheOfflineDecodeOfTheirPackets(String codec) throws Exception {
    String stream = "cam-" + codec;
    try (PipelineScenario s = new PipelineScenario(broker.bootstrapServers(), "it-r-" + codec + "-", stream, 10, codec,
        true)) {
      assertEquals(8, s.sendSyntheticFrames(8, 256, 256, 0));
      assertEquals(6, s.sendSyntheticFrames(6, 250, 190, 8));
      s.awaitOutcomes(14, Duration.ofSeconds(180));
      assertEquals(0, s.collector.deadLetters().size(), () -> "dead letters: " + s.collector.deadLetters());
      assertEquals(14, s.collector.reconstructions().size());
      double lowest = s.collector.reconstructions().values().stream().mapToDouble(r -> r.getPsnr() == null ? 0
          : r.getPsnr()).min().orElse(0);
      System.out.printf("%s at 256x256 and 250x190, 10 dB: lowest frame PSNR %.2f dB%n", codec, lowest);
      for (Reconstruction r : s.collector.reconstructions().values()) {
        int width = r.getSeq() < 8 ? 256 : 250;
        assertEquals(width, r.getWidth());
        assertFalse(r.getLost() || r.getNonFinite(), "frame " + r.getSeq());
        assertTrue(r.getPsnr() != null && r.getPsnr() > REAL_SIZE_PSNR_FLOOR_DB,
            codec + " frame " + r.getSeq() + " PSNR " + r.getPsnr());
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (s.collector.packets().size() < 14 && System.currentTimeMillis() < deadline) {
        s.collector.poll(Duration.ofMillis(200));
      }
      OfflineCheck.Result check = OfflineCheck.check(CodecRegistry.standard(), s.collector.reconstructions(),
          s.collector.packets(), s.collector.deltas());
      assertEquals(14, check.identical(), () -> "differing " + check.differing() + ", unverifiable "
          + check.unverifiable());
    }
  }

  @Test
  void unreadableRecordsGoToDeadLetterAndTheStreamGoesOn() throws Exception {
    try (PipelineScenario s = new PipelineScenario(broker.bootstrapServers(), "it-b-", "cam-b", 10)) {
      RgbImage good = new SyntheticVideo(SyntheticVideo.samplePhoto(), 64, 64, 1).frame(0);
      byte[] key = "cam-b".getBytes(StandardCharsets.UTF_8);
      s.withProducer(p -> {
        String topic = s.topics.frames();
        p.send(new ProducerRecord<>(topic, key, frame(0, good, PixelFormat.PNG, ImageFiles.encodePng(good))));
        p.send(new ProducerRecord<>(topic, key, "definitely not avro".getBytes(StandardCharsets.UTF_8)));
        p.send(new ProducerRecord<>(topic, key, frame(1, good, PixelFormat.RAW_RGB8, new byte[100])));
        p.send(new ProducerRecord<>(topic, key, frame(2, good, PixelFormat.PNG, new byte[] {1, 2, 3, 4, 5})));
        p.send(new ProducerRecord<>(topic, key, frame(3, good, PixelFormat.RAW_RGB8, good.rgb())));
      });
      s.awaitOutcomes(5, Duration.ofSeconds(180));
      assertEquals(List.of(0L, 3L), new ArrayList<>(s.collector.reconstructions().keySet()));
      List<DeadLetter> dead = s.collector.deadLetters();
      assertEquals(3, dead.size(), () -> "dead letters: " + dead);
      for (DeadLetter d : dead) {
        assertEquals(s.topics.frames(), d.getTopic());
        assertTrue(d.getReason() != null && !d.getReason().isBlank());
        assertTrue(d.getOriginalValue() != null);
      }
      assertEquals(List.of(1L, 2L, 3L), dead.stream().map(DeadLetter::getOffset).sorted().toList());
    }
  }

  private static byte[] frame(long seq, RgbImage img, PixelFormat format, byte[] payload) {
    return SemSerdes.frame().toBytes(Frame.newBuilder().setStreamId("cam-b").setSeq(seq)
        .setCaptureTimestamp(System.currentTimeMillis()).setWidth(img.width()).setHeight(img.height())
        .setPixelFormat(format).setPayload(ByteBuffer.wrap(payload)).build());
  }
}
