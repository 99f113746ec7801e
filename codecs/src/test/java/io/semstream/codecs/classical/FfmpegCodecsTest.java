package io.semstream.codecs.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.classical.source.FfmpegRateControl;
import io.semstream.codecs.classical.source.RateControlResult;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HEVC and AV1 intra through ffmpeg, on the 5G NR path; skipped (and reported so) where ffmpeg lacks them. */
class FfmpegCodecsTest {

  private static void assumeAvailable(FfmpegRateControl.Format format) {
    assumeTrue(format.unavailable().isEmpty(), () -> format.description() + ": " + format.unavailable().get());
  }

  @ParameterizedTest
  @EnumSource(FfmpegRateControl.Format.class)
  void rateControlFitsTheBudgetAndDecodesAnOddSizedPicture(FfmpegRateControl.Format format) throws Exception {
    assumeAvailable(format);
    RgbImage image = ClassicalTestImages.scene(251, 189, 7);
    long budget = 3000;
    RateControlResult fit = FfmpegRateControl.fit(format, image, budget);
    assertTrue(fit.fits() && fit.size() <= budget && fit.size() > budget / 2, fit.describe());
    RgbImage decoded = FfmpegRateControl.decode(format, fit.bytes(), 251, 189);
    assertEquals(251, decoded.width());
    assertTrue(Psnr.of(image, decoded) > 25, "PSNR " + Psnr.of(image, decoded));
    RateControlResult more = FfmpegRateControl.fit(format, image, 3 * budget);
    assertTrue(Psnr.of(image, FfmpegRateControl.decode(format, more.bytes(), 251, 189)) > Psnr.of(image, decoded),
        "a larger budget buys quality");
    assertTrue(!FfmpegRateControl.fit(format, image, 20).fits(), "no bitstream fits 20 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"classical-hevc-ldpc", "classical-av1-ldpc"})
  void overTheLinkAFrameHoldsAtTheDesignSnrAndIsLostWellBelowIt(String id) {
    FfmpegRateControl.Format format = id.contains("hevc") ? FfmpegRateControl.Format.HEVC : FfmpegRateControl.Format.AV1;
    assumeAvailable(format);
    RgbImage image = ClassicalTestImages.scene(256, 192, 3);
    try (Codec codec = CodecRegistry.standard(10).create(id)) {
      TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(10));
      assertTrue(tx.getChannelUses() <= tx.getSourceDimension() / 16, "CBR at most 1/16");
      double psnr = Psnr.of(image, codec.decode(through(tx, 12)));
      assertTrue(psnr > 24, id + " at 12 dB: " + psnr + " dB");
      assertThrows(FrameLostException.class, () -> codec.decode(through(tx, 2)));
    }
  }

  private static RxPacket through(TxPacket tx, double snrDb) {
    ChannelConfig channel = ChannelConfig.awgn(snrDb);
    return RxPackets.from(tx, new ChannelSimulator(5).transmit(Symbols.fromBytes(tx.getSymbols()), channel, "s", 0,
        null), channel, 0);
  }
}
