package io.semstream.codecs.explicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.eval.CodecEvaluator;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.TxPacket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped explicit weights as users get them: from the registry, through the real channel simulator. */
class ExplicitPresetTest {

  private static Codec c16;
  private static Codec c48;

  @BeforeAll
  static void load() {
    CodecRegistry registry = CodecRegistry.standard();
    assertEquals(1.0 / 16, registry.info("explicit-c16").cbrTarget(), 0);
    assertEquals(1.0 / 48, registry.info("explicit-c48").cbrTarget(), 0);
    c16 = registry.create("explicit-c16");
    c48 = registry.create("explicit-c48");
  }

  @AfterAll
  static void close() {
    c16.close();
    c48.close();
  }

  private static double psnr(Codec codec, RgbImage img, double snr) {
    TxPacket tx = codec.encode(new SourceFrame("q", 0, 0, img), LinkConditions.awgn(snr));
    assertTrue((double) tx.getChannelUses() / tx.getSourceDimension() <= codec.info().cbrTarget() + 1e-12,
        codec.info().id() + " spent more than its CBR at " + snr + " dB");
    ChannelConfig link = ChannelConfig.awgn(snr);
    var out = new ChannelSimulator(42).transmit(Symbols.fromBytes(tx.getSymbols()), link, tx.getStreamId(),
        tx.getSeq(), null);
    return Psnr.of(img, codec.decode(CodecEvaluator.toRx(tx, out, link)));
  }

  @Test
  void qualityRisesWithSnrAndWithRateWithinTheCbr() {
    RgbImage img = ExplicitCodecTest.scene(192, 128, 4);
    double low = psnr(c16, img, 1), high = psnr(c16, img, 13), high48 = psnr(c48, img, 13);
    assertTrue(high > low + 0.5, "PSNR at 13 dB " + high + " should beat 1 dB " + low);
    assertTrue(high > high48, "CBR 1/16 " + high + " should beat 1/48 " + high48);
    assertTrue(low > 20, "even at 1 dB the picture should be recognisable, got " + low);
  }

  @Test
  void theHyperLatentIsLeftOutAndTheSymbolsTakeItsPlace() {
    RgbImage img = ExplicitCodecTest.scene(384, 256, 5);
    for (Codec preset : new Codec[] {c16, c48}) {
      ExplicitCodec codec = (ExplicitCodec) preset;
      long total = (long) Math.floor(img.sourceDimension() * codec.info().cbrTarget());
      for (double snr : new double[] {1, 13}) {
        ExplicitCodec.Encoding e = codec.analyse(img, snr);
        long sideUses = CqiTable.channelUsesForBits(8L * e.sideInfoBytes().length, snr);
        // Any ẑ costs channel uses, and the shipped share is 0.
        assertEquals(0, ExplicitCodec.HYPER_LATENT_MAX_SHARE);
        assertTrue(!e.sideInfo().hyperLatentSent(), preset.info().id() + " sent ẑ at " + snr + " dB");
        assertTrue(e.allocation().symbols() + sideUses <= total, "within the CBR");
        assertTrue(e.allocation().symbols() > 0.7 * total, e.allocation().symbols() + " symbols of " + total
            + " at " + snr + " dB: the side info should leave most of the frame to them");
      }
    }
    double at1 = psnr(c48, img, 1), at4 = psnr(c48, img, 4);
    assertTrue(at1 > at4 - 2, "1 dB " + at1 + " against 4 dB " + at4 + ": no cliff");
  }
}
