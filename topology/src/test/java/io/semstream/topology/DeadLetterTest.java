package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Frame;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad record lands on dead-letter with where it came from and why, and the stream goes on. */
class DeadLetterTest {
  private static final byte[] GARBAGE = "definitely not avro".getBytes(StandardCharsets.UTF_8);
  @TempDir Path state;

  @Test
  void garbageOnFrames() {
    try (Harness h = Harness.of(Role.TX, Harness.config().build(), state)) {
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 0, TestFrames.image(16, 16, 0)));
      h.pipeBytes(h.topics.frames(), "cam", GARBAGE);
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 2, TestFrames.image(16, 16, 2)));

      List<TestRecord<byte[], byte[]>> letters = h.records(h.topics.deadLetter());
      assertEquals(1, letters.size());
      assertArrayEquals("cam".getBytes(StandardCharsets.UTF_8), letters.get(0).key(), "keyed by the original key");
      DeadLetter d = SemSerdes.deadLetter().fromBytes(letters.get(0).value());
      assertEquals(h.topics.frames(), d.getTopic());
      assertEquals(0, d.getPartition());
      assertEquals(1, d.getOffset());
      assertEquals(TransmitterTopology.FRAME_READER, d.getProcessor());
      assertTrue(d.getReason().contains("not an Avro"), d.getReason());
      assertArrayEquals(GARBAGE, io.semstream.schemas.serde.Bytes.of(d.getOriginalValue()));
      assertTrue(d.getTimestamp() > 0);
      assertSeqs(List.of(0L, 2L), h.read(h.topics.txSymbols(), SemSerdes.txPacket()));
    }
  }

  @Test
  void rawPayloadOfTheWrongSize() {
    try (Harness h = Harness.of(Role.TX, Harness.config().build(), state)) {
      h.pipe(h.topics.frames(), "cam", TestFrames.frame("cam", 0, 16, 16, PixelFormat.RAW_RGB8, new byte[16 * 16 * 3 - 1]));
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 1, TestFrames.image(16, 16, 1)));
      DeadLetter d = only(h.deadLetters());
      assertEquals(0, d.getOffset());
      assertEquals(TransmitterTopology.FRAME_ENCODER, d.getProcessor());
      assertTrue(d.getReason().contains("767 bytes does not match 16x16x3 = 768"), d.getReason());
      assertSeqs(List.of(1L), h.read(h.topics.txSymbols(), SemSerdes.txPacket()));
    }
  }

  @Test
  void pngPayloadThatIsNotAnImageOrHasTheWrongSize() {
    try (Harness h = Harness.of(Role.TX, Harness.config().build(), state)) {
      h.pipe(h.topics.frames(), "cam", TestFrames.frame("cam", 0, 16, 16, PixelFormat.PNG, GARBAGE));
      Frame wrongSize = TestFrames.png("cam", 1, TestFrames.image(16, 16, 1));
      wrongSize.setWidth(32);
      h.pipe(h.topics.frames(), "cam", wrongSize);
      h.pipe(h.topics.frames(), "cam", TestFrames.png("cam", 2, TestFrames.image(16, 16, 2)));
      List<DeadLetter> letters = h.deadLetters();
      assertEquals(2, letters.size());
      assertTrue(letters.get(0).getReason().contains("does not decode: not a PNG or JPEG"), letters.get(0).getReason());
      assertTrue(letters.get(1).getReason().contains("payload is 16x16 but the frame says 32x16"),
          letters.get(1).getReason());
      assertEquals(1, letters.get(1).getOffset());
      assertSeqs(List.of(2L), h.read(h.topics.txSymbols(), SemSerdes.txPacket()));
    }
  }

  @Test
  void aKeyThatIsNotTheStreamId() {
    try (Harness h = Harness.of(Role.TX, Harness.config().build(), state)) {
      h.pipe(h.topics.frames(), "other", TestFrames.raw("cam", 0, TestFrames.image(16, 16, 0)));
      h.pipe(h.topics.frames(), null, TestFrames.raw("cam", 1, TestFrames.image(16, 16, 1)));
      List<DeadLetter> letters = h.deadLetters();
      assertEquals(2, letters.size());
      assertTrue(letters.get(0).getReason().contains("key 'other' differs"), letters.get(0).getReason());
      assertTrue(letters.get(1).getReason().contains("has no key"), letters.get(1).getReason());
    }
  }

  @Test
  void aFrameTheCodecRejects() {
    try (Harness h = Harness.of(Role.TX, Harness.config().build(), state)) {
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 0, TestFrames.image(15, 16, 0)));
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 1, TestFrames.image(16, 16, 1)));
      assertTrue(only(h.deadLetters()).getReason().contains("needs a size divisible by 4"));
      assertSeqs(List.of(1L), h.read(h.topics.txSymbols(), SemSerdes.txPacket()));
    }
  }

  @Test
  void anOutputOverTheRecordLimitIsRefusedWithTheLimitNamed() {
    try (Harness h = Harness.of(Role.TX, Harness.config().maxRecordBytes(4096).build(), state)) {
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 0, TestFrames.image(128, 128, 0)));
      h.pipe(h.topics.frames(), "cam", TestFrames.raw("cam", 1, TestFrames.image(16, 16, 1)));
      DeadLetter d = only(h.deadLetters());
      assertTrue(d.getReason().contains("exceeds the record limit of 4096 bytes"), d.getReason());
      assertEquals(null, d.getOriginalValue(), "a 48 KiB frame does not fit a 4 KiB dead letter");
      assertSeqs(List.of(1L), h.read(h.topics.txSymbols(), SemSerdes.txPacket()));
    }
  }

  @Test
  void garbageOnTxSymbolsAndSymbolsThatAreNotComplexFloats() {
    try (Harness h = Harness.of(Role.CHANNEL, Harness.config().build(), state)) {
      h.pipeBytes(h.topics.txSymbols(), "cam", GARBAGE);
      TxPacket odd = ChannelTopologyTest.packet("cam", 1, 16);
      odd.setSymbols(ByteBuffer.wrap(new byte[12]));
      h.pipe(h.topics.txSymbols(), "cam", odd);
      h.pipe(h.topics.txSymbols(), "cam", ChannelTopologyTest.packet("cam", 2, 16));
      List<DeadLetter> letters = h.deadLetters();
      assertEquals(2, letters.size());
      assertEquals(ChannelTopology.TX_PACKET_READER, letters.get(0).getProcessor());
      assertEquals(ChannelTopology.CHANNEL, letters.get(1).getProcessor());
      assertTrue(letters.get(1).getReason().contains("not a whole number of complex float32 symbols"));
      assertEquals(1, h.read(h.topics.rxSymbols(), SemSerdes.rxPacket()).size());
    }
  }

  @Test
  void anInvalidChannelStateKeepsThePreviousOne() {
    try (Harness h = Harness.of(Role.CHANNEL, Harness.config().build(), state)) {
      h.pipe(h.topics.channelState(), "cam", TestFrames.channel("cam", 4.0, io.semstream.schemas.FadingModel.AWGN, true));
      h.pipe(h.topics.channelState(), "cam", TestFrames.channel("cam", Double.NaN, io.semstream.schemas.FadingModel.AWGN, true));
      h.pipe(h.topics.txSymbols(), "cam", ChannelTopologyTest.packet("cam", 0, 16));
      assertTrue(only(h.deadLetters()).getReason().startsWith("invalid channel state"));
      assertEquals(4.0, h.read(h.topics.rxSymbols(), SemSerdes.rxPacket()).get(0).getSnrDb());
    }
  }

  @Test
  void anRxPacketNamingAnUnknownCodec() {
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state)) {
      RxPacket unknown = TestPackets.rx("cam", 0, 16, 0);
      unknown.setCodecId("no-such-codec");
      h.pipe(h.topics.rxSymbols(), "cam", unknown);
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 1, 16, 0));
      DeadLetter d = only(h.deadLetters());
      assertEquals(h.topics.rxSymbols(), d.getTopic());
      assertEquals(0, d.getOffset());
      assertEquals(ReceiverTopology.DECODER, d.getProcessor());
      assertTrue(d.getReason().contains("unknown codec 'no-such-codec'"), d.getReason());
      assertTrue(d.getReason().contains(BlockAverageCodec.ID), "lists the codecs it knows");
      assertSeqs(List.of(1L), h.read(h.topics.reconstructions(), SemSerdes.reconstruction()));
    }
  }

  @Test
  void aSymbolCountTheCodecRejects() {
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state)) {
      RxPacket truncated = TestPackets.rx("cam", 0, 16, 0);
      truncated.setSymbols(ByteBuffer.wrap(new byte[8 * 5]));
      h.pipe(h.topics.rxSymbols(), "cam", truncated);
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 1, 16, 0));
      DeadLetter d = only(h.deadLetters());
      assertEquals(0, d.getOffset());
      assertTrue(d.getReason().contains("expected 24 complex symbols for 16x16, got 5"), d.getReason());
      assertSeqs(List.of(1L), h.read(h.topics.reconstructions(), SemSerdes.reconstruction()));
    }
  }

  @Test
  void aHeldPacketThatFailsIsReportedWithItsOwnOffset() {
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state)) {
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 0, 16, 0));
      RxPacket truncated = TestPackets.rx("cam", 1, 16, 1);
      truncated.setSymbols(ByteBuffer.wrap(new byte[8]));
      h.pipe(h.topics.rxSymbols(), "cam", truncated);
      h.pipe(h.topics.modelDeltas(), "cam", TestPackets.delta("cam", 0, 1, 10));
      DeadLetter d = only(h.deadLetters());
      assertEquals(h.topics.rxSymbols(), d.getTopic());
      assertEquals(1, d.getOffset());
    }
  }

  @Test
  void aDeltaWithTheWrongBaseVersionOrUnknownCodecOrGarbage() {
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state)) {
      h.pipe(h.topics.modelDeltas(), "cam", TestPackets.delta("cam", 3, 4, 100));
      io.semstream.schemas.ModelDelta foreign = TestPackets.delta("cam", 0, 1, 100);
      foreign.setCodecId("no-such-codec");
      h.pipe(h.topics.modelDeltas(), "cam", foreign);
      h.pipeBytes(h.topics.modelDeltas(), "cam", GARBAGE);
      h.pipe(h.topics.modelDeltas(), "cam", TestPackets.delta("cam", 0, 1, 100));
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 0, 16, 1));

      List<DeadLetter> letters = h.deadLetters();
      assertEquals(3, letters.size());
      DeadLetter wrongBase = letters.get(0);
      assertEquals(h.topics.modelDeltas(), wrongBase.getTopic());
      assertEquals(0, wrongBase.getOffset());
      assertTrue(wrongBase.getReason().contains("model delta 3 -> 4 does not apply: stream 'cam' is at version 0"),
          wrongBase.getReason());
      assertTrue(letters.get(1).getReason().contains("unknown codec"));
      assertEquals(2, letters.get(2).getOffset());
      assertEquals(ReceiverTopology.MODEL_DELTA_READER, letters.get(2).getProcessor());

      List<Reconstruction> out = h.read(h.topics.reconstructions(), SemSerdes.reconstruction());
      assertEquals(1, out.size());
      assertEquals(1, out.get(0).getModelVersion(), "the good delta after the bad ones still applied");
    }
  }

  private static DeadLetter only(List<DeadLetter> letters) {
    assertEquals(1, letters.size(), letters.toString());
    return letters.get(0);
  }

  private static void assertSeqs(List<Long> expected, List<? extends org.apache.avro.specific.SpecificRecord> records) {
    List<Long> seqs = records.stream().map(r -> (Long) r.get(r.getSchema().getField("seq").pos())).toList();
    assertEquals(expected, seqs);
  }
}
