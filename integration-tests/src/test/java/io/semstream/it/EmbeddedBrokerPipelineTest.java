package io.semstream.it;

import io.semstream.schemas.serde.Bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Frame;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.io.SyntheticVideo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The whole pipeline on a real Kafka broker (KRaft, in this JVM). */
class EmbeddedBrokerPipelineTest extends EmbeddedBrokerTest {

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
