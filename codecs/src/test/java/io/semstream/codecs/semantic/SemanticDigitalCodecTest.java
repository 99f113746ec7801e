package io.semstream.codecs.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.engine.CodecOutputsIgnoreFreedMemoryTest;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Framing, accounting and the cliff of the digital variant, on an untrained network and a codebook of noise. */
class SemanticDigitalCodecTest {
  private static ResidualCodebook codebook;

  @BeforeAll
  static void codebook() {
    SplittableRandom rng = new SplittableRandom(9);
    float[][] books = new float[3][ResidualCodebook.ENTRIES * SemanticNetwork.WIDTH];
    for (float[] b : books) {
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) rng.nextGaussian();
      }
    }
    codebook = new ResidualCodebook(3, SemanticNetwork.WIDTH, books);
  }

  private static SemanticDigitalCodec codec(int denominator) {
    return new SemanticDigitalCodec("semantic-vq-ldpc-c" + denominator, 1.0 / denominator, SemanticModel.newModel(5),
        codebook);
  }

  @Test
  void atItsDesignSnrTheFrameArrivesWithinItsCbr() {
    RgbImage image = CodecOutputsIgnoreFreedMemoryTest.scene(250, 190, 4);
    try (SemanticDigitalCodec c = codec(96)) {
      TxPacket tx = c.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(10));
      assertTrue(tx.getChannelUses() <= image.sourceDimension() / 96, tx.getChannelUses() + " channel uses");
      assertTrue(tx.getSideInfo().get(0) >= 1, "at least one codebook stage travels");
      RgbImage decoded = c.decode(received(tx, 10));
      assertEquals(250, decoded.width());
      assertEquals(190, decoded.height());
    }
  }

  @Test
  void farBelowItsMcsTheCrcFailsAndTheFrameIsLost() {
    RgbImage image = CodecOutputsIgnoreFreedMemoryTest.scene(256, 256, 5);
    try (SemanticDigitalCodec c = codec(96)) {
      TxPacket tx = c.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(13));
      FrameLostException e = assertThrows(FrameLostException.class, () -> c.decode(received(tx, -2)));
      assertEquals(FrameLostException.Reason.CRC_FAILED, e.reason());
    }
  }

  @Test
  void aBudgetThatCarriesNoStageSendsOnlyTheHeader() {
    RgbImage image = CodecOutputsIgnoreFreedMemoryTest.scene(256, 256, 6);
    try (SemanticDigitalCodec c = codec(4000)) {
      TxPacket tx = c.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(1));
      assertEquals(0, Symbols.fromBytes(tx.getSymbols()).length);
      FrameLostException e = assertThrows(FrameLostException.class, () -> c.decode(received(tx, 1)));
      assertEquals(FrameLostException.Reason.DOES_NOT_FIT, e.reason());
    }
  }

  private static RxPacket received(TxPacket tx, double snr) {
    ChannelConfig channel = ChannelConfig.awgn(snr);
    ChannelOutput out = new ChannelSimulator(3).transmit(Symbols.fromBytes(tx.getSymbols()), channel, "s", 0, null);
    return RxPackets.from(tx, out, channel, 0);
  }
}
