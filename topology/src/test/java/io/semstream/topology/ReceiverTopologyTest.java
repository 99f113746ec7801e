package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.ModelCheckpoints;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.schemas.LinkMetrics;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.serde.Bytes;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverTopologyTest {
  private static final int SIZE = 64;
  private static final long DIM = SIZE * SIZE * 3;
  @TempDir Path state;

  @Test
  void reconstructsInOrderAndScoresAgainstTheReference() {
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state)) {
      for (long seq = 0; seq < 4; seq++) {
        h.pipe(h.topics.frames(), "cam", TestFrames.png("cam", seq, TestFrames.image(SIZE, SIZE, seq)));
      }
      for (long seq = 0; seq < 4; seq++) {
        h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", seq, SIZE, 0));
      }
      List<Reconstruction> out = h.read(h.topics.reconstructions(), SemSerdes.reconstruction());
      assertEquals(4, out.size());
      for (int seq = 0; seq < 4; seq++) {
        Reconstruction r = out.get(seq);
        assertEquals(seq, r.getSeq());
        RgbImage decoded = ImageFiles.decode(Bytes.of(r.getPayload()));
        double expected = Psnr.of(TestFrames.image(SIZE, SIZE, seq), decoded);
        assertEquals(expected, r.getPsnr(), 1e-9);
        assertTrue(r.getPsnr() > 25, "PSNR " + r.getPsnr());
        assertNotNull(r.getMsssim());
        RxPacket sent = TestPackets.rx("cam", seq, SIZE, 0);
        assertEquals(sent.getChannelUses() / (double) DIM, r.getCbr(), 1e-12);
        assertEquals(CqiTable.channelUsesForBits(32, TestPackets.SNR_DB) / (double) DIM, r.getCbrSideInfo(), 1e-12);
        assertEquals(0.0, r.getCbrDelta());
        assertEquals(TestPackets.SNR_DB, r.getSnrDb());
        assertEquals(TestFrames.WALL - sent.getCaptureTimestamp(), r.getLatencyMs());
        assertEquals(0, r.getModelVersion());
        assertFalse(r.getStale());
        assertFalse(r.getLost());
      }
      assertEquals(0, count(h.driver.getKeyValueStore(ReceiverTopology.REFERENCE_FRAMES_STORE)),
          "references are deleted once used");
    }
  }

  @Test
  void withoutReferenceFramesThereIsNoPsnr() {
    try (Harness h = Harness.of(Role.RX, Harness.config().keepReferenceFrames(false).build(), state)) {
      assertFalse(h.driver.producedTopicNames().contains(h.topics.frames()));
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 0, SIZE, 0));
      Reconstruction r = h.read(h.topics.reconstructions(), SemSerdes.reconstruction()).get(0);
      assertNull(r.getPsnr());
      assertNull(r.getMsssim());
    }
  }

  @Test
  void referenceFramesStayBoundedWhenTheirPacketsNeverCome() {
    try (Harness h = Harness.of(Role.RX, Harness.config().referenceBufferFrames(3).build(), state)) {
      for (long seq = 0; seq < 10; seq++) {
        h.pipe(h.topics.frames(), "cam", TestFrames.png("cam", seq, TestFrames.image(8, 8, seq)));
      }
      assertEquals(3, count(h.driver.getKeyValueStore(ReceiverTopology.REFERENCE_FRAMES_STORE)));
    }
  }

  @Test
  void aPacketWaitsForItsModelVersionAndPaysForTheDeltas() {
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state)) {
      h.pipe(h.topics.modelDeltas(), "cam", TestPackets.delta("cam", 0, 1, 1000));
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 0, SIZE, 2));
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 1, SIZE, 1)); // queues behind seq 0
      assertTrue(h.read(h.topics.reconstructions(), SemSerdes.reconstruction()).isEmpty(), "held for version 2");

      h.pipe(h.topics.modelDeltas(), "cam", TestPackets.delta("cam", 1, 2, 500));
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 2, SIZE, 2));
      List<Reconstruction> out = h.read(h.topics.reconstructions(), SemSerdes.reconstruction());
      assertEquals(List.of(0L, 1L, 2L), out.stream().map(Reconstruction::getSeq).toList());
      Reconstruction first = out.get(0);
      assertEquals(2, first.getModelVersion());
      assertFalse(first.getStale());
      assertEquals(1500.0 / DIM, first.getCbrDelta(), 1e-12);
      RxPacket p0 = TestPackets.rx("cam", 0, SIZE, 2);
      assertEquals((p0.getChannelUses() + 1500.0) / DIM, first.getCbr(), 1e-12);
      assertEquals(0.0, out.get(1).getCbrDelta(), "each delta is charged once");
      assertTrue(h.deadLetters().isEmpty());
    }
  }

  @Test
  void pastTheHoldBoundPacketsAreDecodedStaleAndACheckpointCatchesUp() {
    try (Harness h = Harness.of(Role.RX, Harness.config().holdBufferPackets(2).build(), state)) {
      for (long seq = 0; seq < 3; seq++) {
        h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", seq, SIZE, 5));
      }
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 3, SIZE, 0));
      List<Reconstruction> early = h.read(h.topics.reconstructions(), SemSerdes.reconstruction());
      assertEquals(List.of(0L, 1L), early.stream().map(Reconstruction::getSeq).toList());
      assertTrue(early.get(0).getStale());
      assertEquals(0, early.get(0).getModelVersion(), "decoded with the newest version the receiver has");

      ModelDelta checkpoint = ModelCheckpoints.of("cam", BlockAverageCodec.ID, 5, 0, new float[3], 9000);
      h.pipe(h.topics.modelCheckpoints(), "cam", checkpoint);
      List<Reconstruction> rest = h.read(h.topics.reconstructions(), SemSerdes.reconstruction());
      assertEquals(List.of(2L, 3L), rest.stream().map(Reconstruction::getSeq).toList());
      assertFalse(rest.get(0).getStale());
      assertEquals(5, rest.get(0).getModelVersion());

      h.pipe(h.topics.modelCheckpoints(), "cam", checkpoint); // replayed from the compacted topic: ignored
      assertTrue(h.deadLetters().isEmpty());
    }
  }

  @Test
  void emitsLinkMetricsWhenTheWindowCloses() {
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state)) {
      for (long seq = 0; seq < 3; seq++) {
        h.pipe(h.topics.frames(), "cam", TestFrames.png("cam", seq, TestFrames.image(SIZE, SIZE, seq)));
        h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", seq, SIZE, 0));
      }
      List<Reconstruction> recs = h.read(h.topics.reconstructions(), SemSerdes.reconstruction());
      assertTrue(h.read(h.topics.metrics(), SemSerdes.linkMetrics()).isEmpty(), "window still open");

      h.advanceWallClock(Duration.ofMillis(1500));
      List<LinkMetrics> metrics = h.read(h.topics.metrics(), SemSerdes.linkMetrics());
      assertEquals(1, metrics.size());
      LinkMetrics m = metrics.get(0);
      assertEquals("cam", m.getStreamId());
      assertEquals(3, m.getFrames());
      assertEquals(TestFrames.WALL - TestFrames.WALL % 1000, m.getWindowStart());
      assertEquals(m.getWindowStart() + 1000, m.getWindowEnd());
      double meanPsnr = recs.stream().mapToDouble(Reconstruction::getPsnr).average().orElseThrow();
      assertEquals(meanPsnr, m.getMeanPsnr(), 1e-9);
      assertEquals(recs.get(0).getCbr(), m.getMeanCbr(), 1e-12);
      assertEquals(0.0, m.getDeltaOverhead());
      // All three reconstructed at WALL: latencies 500, 467, 434 ms.
      List<Long> latencies = recs.stream().map(Reconstruction::getLatencyMs).sorted().toList();
      assertEquals(List.of(434L, 467L, 500L), latencies);
      assertEquals(467.0, m.getLatencyP50Ms());
      assertEquals(500.0, m.getLatencyP95Ms());
      assertEquals(500.0, m.getLatencyP99Ms());

      h.advanceWallClock(Duration.ofSeconds(5));
      assertTrue(h.read(h.topics.metrics(), SemSerdes.linkMetrics()).isEmpty(), "each window is emitted once");
    }
  }

  static int count(KeyValueStore<String, ?> store) {
    int n = 0;
    try (KeyValueIterator<String, ?> it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }
}
