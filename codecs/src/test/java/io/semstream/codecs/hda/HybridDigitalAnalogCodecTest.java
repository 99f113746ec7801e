package io.semstream.codecs.hda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.classical.ClassicalCodec;
import io.semstream.codecs.classical.ClassicalTestImages;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.softcast.Pilots;
import io.semstream.codecs.softcast.SoftCastCodec;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HybridDigitalAnalogCodecTest {
  private static final double CBR = 1.0 / 16;
  /** Not a multiple of 16 (or 8) either way. */
  private static final RgbImage IMAGE = ClassicalTestImages.scene(250, 190, 7);

  private static RxPacket through(TxPacket tx, ChannelConfig channel, long seed) {
    ChannelOutput out = new ChannelSimulator(seed).transmit(Symbols.fromBytes(tx.getSymbols()), channel, "s", 0, null);
    return RxPackets.from(tx, out, channel, 0);
  }

  private static TxPacket encode(HybridDigitalAnalogCodec codec, RgbImage image, double snrDb) {
    return codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(snrDb));
  }

  @Test
  void keepsToTheBudgetWithUnitPowerAtUserSizes() {
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR)) {
      for (RgbImage image : new RgbImage[] {IMAGE, ClassicalTestImages.scene(768, 512, 3)}) {
        for (double snr : new double[] {1, 13}) {
          TxPacket tx = encode(codec, image, snr);
          long budget = (long) Math.floor(CBR * image.sourceDimension());
          assertTrue(tx.getChannelUses() <= budget, tx.getChannelUses() + " uses over the budget " + budget);
          assertTrue(tx.getChannelUses() > 0.97 * budget, tx.getChannelUses() + " uses leave much of " + budget);
          float[] iq = Symbols.fromBytes(tx.getSymbols());
          assertEquals(1.0, Symbols.meanPower(iq), 0.02, "power per complex symbol");
          HdaHeader header = HdaHeader.parse(tx.getSideInfo().array());
          assertTrue(header.digitalSymbols() > 0 && 2 * header.digitalSymbols() < iq.length,
              "both layers carry symbols: " + header);
        }
      }
    }
  }

  /** At 4 dB, where the analog layer has 15 % of the channel uses. */
  @Test
  void theAnalogLayerImprovesOnTheDigitalBaseAndGrowsWithTheSnr() {
    double snr = 4;
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR);
        ClassicalCodec baseOnly = new ClassicalCodec("base", ClassicalCodec.Config.of(ClassicalCodec.SourceCodec.J2K,
            ClassicalCodec.Mode.LINK).withCbr(DigitalShare.STANDARD.at(snr) * CBR))) {
      TxPacket tx = encode(codec, IMAGE, snr);
      double hybrid = Psnr.of(IMAGE, codec.decode(through(tx, ChannelConfig.awgn(snr), 1)));
      RxPacket clean = through(tx, ChannelConfig.awgn(Double.POSITIVE_INFINITY), 1);
      clean.setSnrDb(30);
      double cleaner = Psnr.of(IMAGE, codec.decode(clean));
      TxPacket base = baseOnly.encode(new SourceFrame("s", 0, 0, IMAGE), LinkConditions.awgn(snr));
      double baseAlone = Psnr.of(IMAGE, baseOnly.decode(through(base, ChannelConfig.awgn(snr), 1)));
      assertTrue(hybrid > baseAlone + 0.3, "hybrid " + hybrid + " dB against its base layer alone " + baseAlone);
      // The base is exact either way; only the analog layer's noise differs.
      assertTrue(cleaner > hybrid + 0.2, "the same packet over a better channel: " + cleaner + " against " + hybrid);
    }
  }

  @Test
  void aShareOfOneIsTheClassicalChainWithinTheSameBudget() {
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR,
        ClassicalCodec.SourceCodec.J2K, DigitalShare.fixed(1))) {
      TxPacket tx = encode(codec, IMAGE, 13);
      long budget = (long) Math.floor(CBR * IMAGE.sourceDimension());
      assertTrue(tx.getChannelUses() <= budget, tx.getChannelUses() + " uses over the budget " + budget);
      HdaHeader header = HdaHeader.parse(tx.getSideInfo().array());
      assertEquals(HdaHeader.BYTES + header.digitalSideBytes(), tx.getSideInfo().array().length, "no analog layer");
      assertEquals(2 * header.digitalSymbols(), Symbols.fromBytes(tx.getSymbols()).length);
      assertTrue(Psnr.of(IMAGE, codec.decode(through(tx, ChannelConfig.awgn(13), 6))) > 30);
    }
  }

  @Test
  void theShareGrowsWithTheSnrBetweenItsEnds() {
    DigitalShare share = DigitalShare.STANDARD;
    assertEquals(share.low(), share.at(-5));
    assertEquals(share.low(), share.at(share.fromDb()));
    assertEquals(share.high(), share.at(30));
    double mid = share.at((share.fromDb() + share.toDb()) / 2);
    assertEquals((share.low() + share.high()) / 2, mid, 1e-12);
    assertEquals(share.at(10), share.forLink(LinkConditions.awgn(10), 10));
    assertEquals(share.blockFading(), share.forLink(LinkConditions.of(ChannelConfig.rayleighBlock(10, false)), 0.2));
    assertTrue(share.blockFading() < share.low(), "under block fading the analog layer gets more");
    assertThrows(IllegalArgumentException.class, () -> DigitalShare.fixed(1.5));
  }

  @Test
  void anAv1BaseLayerWorksTheSameWay() {
    ClassicalCodec.SourceCodec av1 = ClassicalCodec.SourceCodec.AV1;
    assumeTrue(av1.unavailable().isEmpty(), () -> "AV1: " + av1.unavailable().get());
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-av1-test", CBR, av1)) {
      TxPacket tx = encode(codec, IMAGE, 10);
      assertTrue(tx.getChannelUses() <= (long) Math.floor(CBR * IMAGE.sourceDimension()));
      assertTrue(HdaHeader.parse(tx.getSideInfo().array()).digitalSymbols() > 0, "an AV1 base layer went out");
      RgbImage out = codec.decode(through(tx, ChannelConfig.awgn(10), 7));
      assertTrue(Psnr.of(IMAGE, out) > 30, "AV1 base + analog at 10 dB: " + Psnr.of(IMAGE, out));
    }
  }

  @Test
  void aShareOfZeroIsSoftCast() {
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR,
        ClassicalCodec.SourceCodec.J2K, DigitalShare.fixed(0))) {
      TxPacket tx = encode(codec, IMAGE, 10);
      RxPacket rx = through(tx, ChannelConfig.awgn(10), 2);
      double hybrid = Psnr.of(IMAGE, codec.decode(rx));
      SoftCastCodec linear = new SoftCastCodec("softcast-test", CBR);
      double softcast = Psnr.of(IMAGE, linear.decode(through(
          linear.encode(new SourceFrame("s", 0, 0, IMAGE), LinkConditions.awgn(10)), ChannelConfig.awgn(10), 2)));
      assertEquals(softcast, hybrid, 0.3, "no digital layer: SoftCast less a 6-byte header");
    }
  }

  @Test
  void aPictureTooSmallForTheDigitalShareGoesAllAnalog() {
    RgbImage tiny = ClassicalTestImages.scene(24, 20, 4);
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR)) {
      TxPacket tx = encode(codec, tiny, 13);
      assertEquals(0, HdaHeader.parse(tx.getSideInfo().array()).digitalSideBytes());
      RgbImage out = codec.decode(through(tx, ChannelConfig.awgn(13), 3));
      assertEquals(24, out.width());
      assertEquals(20, out.height());
      assertTrue(Psnr.of(tiny, out) > 12, "an all-analog picture, not noise: " + Psnr.of(tiny, out));
    }
  }

  @Test
  void belowTheMcsThresholdTheFrameIsLost() {
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR)) {
      TxPacket tx = encode(codec, IMAGE, 13);
      RxPacket rx = through(tx, ChannelConfig.awgn(0), 4);
      assertThrows(FrameLostException.class, () -> codec.decode(rx));
    }
  }

  @Test
  void rayleighFadingWithCsiDecodes() {
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR)) {
      ChannelConfig channel = ChannelConfig.rayleighBlock(13, true);
      TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, IMAGE), LinkConditions.of(channel));
      // One block: a deep fade loses the digital base; a fair draw must decode.
      boolean decoded = false;
      for (long seed = 1; seed <= 6 && !decoded; seed++) {
        try {
          decoded = Psnr.of(IMAGE, codec.decode(through(tx, channel, seed))) > 20;
        } catch (FrameLostException lost) {
          // a fade below the MCS; the next draw
        }
      }
      assertTrue(decoded, "no draw of six decoded");
    }
  }

  @Test
  void aHeaderThatOverrunsTheSideInfoIsRefused() {
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR)) {
      RxPacket rx = through(encode(codec, IMAGE, 10), ChannelConfig.awgn(10), 5);
      byte[] side = rx.getSideInfo().array().clone();
      side[1] = (byte) 250;
      rx.setSideInfo(ByteBuffer.wrap(side));
      assertThrows(CodecException.class, () -> codec.decode(rx));
      side[0] = 9;
      assertThrows(CodecException.class, () -> codec.decode(rx));
      rx.setSideInfo(ByteBuffer.wrap(new byte[3]));
      assertThrows(CodecException.class, () -> codec.decode(rx));
    }
  }

  /** The outage rule: 10 % of Rayleigh |h|² lie below −ln(0.9), 9.8 dB under the mean. */
  @Test
  void underBlockFadingTheBaseIsSentForTheOutageSnr() {
    assertEquals(10.0, HybridDigitalAnalogCodec.baseDesignSnrDb(LinkConditions.awgn(10)), 0.0);
    double design = HybridDigitalAnalogCodec.baseDesignSnrDb(LinkConditions.of(ChannelConfig.rayleighBlock(10, false)));
    assertEquals(10 + 10 * Math.log10(-Math.log(1 - HybridDigitalAnalogCodec.OUTAGE)), design, 1e-12);
    assertEquals(0.22, design, 0.01);
  }

  /**
   * Without CSI the receiver estimates the gain from the pilots both layers share and decodes as with
   * CSI: at 768×512 and at a size that is not a multiple of 16, one block per frame and coherence
   * blocks of 2000 symbols (so pilots must sit where the channel's blocks start, across the layers'
   * boundary), within the budget, and nearly as well as a receiver that knows h.
   */
  @Test
  void blockFadingWithoutCsiDecodesWithThePilotsEstimate() {
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR)) {
      for (RgbImage image : new RgbImage[] {IMAGE, ClassicalTestImages.scene(768, 512, 3)}) {
        for (int coherence : new int[] {0, 2000}) {
          ChannelConfig blind = new ChannelConfig(10, FadingModel.RAYLEIGH_BLOCK, false,
              coherence, ChannelConfig.DEFAULT_DOPPLER_CORRELATION);
          ChannelConfig known = new ChannelConfig(10, FadingModel.RAYLEIGH_BLOCK, true,
              coherence, ChannelConfig.DEFAULT_DOPPLER_CORRELATION);
          String what = image.width() + "x" + image.height() + ", coherence " + coherence;
          TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.of(blind));
          assertTrue(tx.getChannelUses() <= (long) Math.floor(CBR * image.sourceDimension()), what + ": over budget");
          assertTrue(HdaHeader.parse(tx.getSideInfo().array()).pilots().present(), what + ": pilots announced");
          assertEquals(1.0, Symbols.meanPower(Symbols.fromBytes(tx.getSymbols())), 0.05, what + ": unit power");
          int compared = 0;
          double withCsi = 0, estimated = 0;
          for (long seed = 1; seed <= 4; seed++) {
            double known1;
            try {
              known1 = Psnr.of(image, codec.decode(through(tx, known, seed)));
            } catch (FrameLostException lost) {
              continue; // a fade below even the outage design: lost with CSI too
            }
            withCsi += known1;
            estimated += Psnr.of(image, codec.decode(through(tx, blind, seed)));
            compared++;
          }
          assertTrue(compared >= 2, what + ": only " + compared + " of 4 draws decoded with CSI");
          // One block per frame: phase from many pilots, magnitude from the data's power. Blocks of 2000
          // symbols: 64 pilots each, whose estimate costs the analog layer about a decibel (as SoftCast's).
          double margin = coherence == 0 ? 0.5 : 2.0;
          assertTrue(estimated / compared > withCsi / compared - margin, what + ": " + estimated / compared
              + " dB against " + withCsi / compared + " with CSI");
        }
      }
    }
  }

  /** A coherence block longer than the packet (even one the header's 24 bits cannot name) is one block a frame. */
  @Test
  void aCoherenceBlockLongerThanThePacketIsOneBlockPerFrame() {
    try (HybridDigitalAnalogCodec codec = new HybridDigitalAnalogCodec("hda-test", CBR)) {
      ChannelConfig blind = new ChannelConfig(10, FadingModel.RAYLEIGH_BLOCK, false, 100_000_000,
          ChannelConfig.DEFAULT_DOPPLER_CORRELATION);
      ChannelConfig perFrame = ChannelConfig.rayleighBlock(10, false);
      TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, IMAGE), LinkConditions.of(blind));
      assertEquals(new Pilots(0), HdaHeader.parse(tx.getSideInfo().array()).pilots());
      TxPacket oneBlock = codec.encode(new SourceFrame("s", 0, 0, IMAGE), LinkConditions.of(perFrame));
      assertEquals(oneBlock.getSymbols(), tx.getSymbols(), "the same packet as for one block per frame");
      assertArrayEquals(codec.decode(through(oneBlock, perFrame, 2)).rgb(), codec.decode(through(tx, blind, 2)).rgb());
    }
  }

  @Test
  void theHeaderCarriesThePilotsAndRefusesOneSymbolBlocks() {
    Pilots pilots = new Pilots(2000);
    byte[] side = Arrays.copyOf(new HdaHeader(3, 7, pilots).toBytes(), HdaHeader.BYTES + 3);
    HdaHeader back = HdaHeader.parse(side);
    assertEquals(pilots, back.pilots());
    assertEquals(7, back.digitalSymbols());
    assertTrue(!HdaHeader.parse(Arrays.copyOf(new HdaHeader(0, 0, Pilots.NONE).toBytes(), HdaHeader.BYTES)).pilots()
        .present());
    side[6] = 0;
    side[7] = 0;
    side[8] = 1;
    assertThrows(CodecException.class, () -> HdaHeader.parse(side));
  }
}
