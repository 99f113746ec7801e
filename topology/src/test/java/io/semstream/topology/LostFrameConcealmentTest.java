package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frame that does not survive the channel (a digital codec's failed CRC) is concealed with the
 * stream's last good picture and flagged lost; it is not a dead letter, and the stream goes on.
 */
class LostFrameConcealmentTest {
  private static final int SIZE = 32;
  @TempDir Path state;

  /** The block-average codec, except that every odd frame is lost on the way. */
  private static final class LossyOnOddFrames implements Codec {
    private final Codec inner = new BlockAverageCodec();

    @Override public CodecInfo info() { return inner.info(); }
    @Override public TxPacket encode(SourceFrame f, LinkConditions l) { return inner.encode(f, l); }
    @Override public void close() { inner.close(); }

    @Override
    public RgbImage decode(RxPacket packet) {
      if (packet.getSeq() % 2 == 1) {
        throw new FrameLostException(FrameLostException.Reason.CRC_FAILED, "CRC failed");
      }
      return inner.decode(packet);
    }
  }

  @Test
  void lostFramesRepeatTheLastGoodPicture() {
    CodecRegistry codecs = new CodecRegistry().register(BlockAverageCodec.INFO, LossyOnOddFrames::new);
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state, codecs)) {
      for (long seq = 0; seq < 4; seq++) {
        h.pipe(h.topics.frames(), "cam", TestFrames.png("cam", seq, TestFrames.image(SIZE, SIZE, seq)));
        h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", seq, SIZE, 0));
      }
      List<Reconstruction> out = h.read(h.topics.reconstructions(), SemSerdes.reconstruction());
      assertEquals(4, out.size());
      assertEquals(List.of(), h.deadLetters());
      for (int seq = 0; seq < 4; seq++) {
        assertEquals(seq % 2 == 1, out.get(seq).getLost(), "seq " + seq);
      }
      assertArrayEquals(Bytes.of(out.get(0).getPayload()), Bytes.of(out.get(1).getPayload()));
      assertArrayEquals(Bytes.of(out.get(2).getPayload()), Bytes.of(out.get(3).getPayload()));
      assertTrue(out.get(1).getPsnr() < out.get(0).getPsnr(), "a repeated picture scores lower than a decoded one");
    }
  }

  @Test
  void aLostFirstFrameIsMidGrey() {
    CodecRegistry codecs = new CodecRegistry().register(BlockAverageCodec.INFO, LossyOnOddFrames::new);
    try (Harness h = Harness.of(Role.RX, Harness.config().build(), state, codecs)) {
      h.pipe(h.topics.rxSymbols(), "cam", TestPackets.rx("cam", 1, SIZE, 0));
      Reconstruction r = h.read(h.topics.reconstructions(), SemSerdes.reconstruction()).get(0);
      assertTrue(r.getLost());
      RgbImage grey = io.semstream.codecs.image.ImageFiles.decode(Bytes.of(r.getPayload()));
      for (byte b : grey.rgb()) {
        assertEquals(128, b & 0xFF);
      }
    }
  }
}
