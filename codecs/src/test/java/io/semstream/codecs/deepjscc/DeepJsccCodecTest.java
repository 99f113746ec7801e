package io.semstream.codecs.deepjscc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.eval.CodecEvaluator;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped Deep JSCC weights, through the real channel simulator. */
class DeepJsccCodecTest {

  private static Codec c16;
  private static Codec c48;

  @BeforeAll
  static void load() {
    CodecRegistry registry = CodecRegistry.standard();
    c16 = registry.create("deepjscc-c16");
    c48 = registry.create("deepjscc-c48");
  }

  @AfterAll
  static void close() {
    c16.close();
    c48.close();
  }

  /** A smooth, photo-like test picture: gradients plus a few soft blobs and some texture. */
  static RgbImage scene(int w, int h, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    double[][] blobs = new double[6][];
    for (int i = 0; i < blobs.length; i++) {
      blobs[i] = new double[] {r.nextDouble() * w, r.nextDouble() * h, 4 + r.nextDouble() * w / 4,
          r.nextDouble() * 120, r.nextDouble() * 120, r.nextDouble() * 120};
    }
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double[] c = {60 + 80.0 * x / w, 90 + 60.0 * y / h, 120 - 50.0 * x / w};
        for (double[] b : blobs) {
          double d2 = ((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (b[2] * b[2]);
          double g = Math.exp(-d2);
          c[0] += b[3] * g;
          c[1] += b[4] * g;
          c[2] += b[5] * g;
        }
        double tex = 6 * Math.sin(x * 0.9) * Math.cos(y * 0.7);
        for (int k = 0; k < 3; k++) {
          rgb[(y * w + x) * 3 + k] = (byte) Math.max(0, Math.min(255, Math.round(c[k] + tex)));
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static RxPacket through(TxPacket tx, ChannelConfig channel) {
    float[] iq = Symbols.fromBytes(tx.getSymbols());
    var out = new ChannelSimulator(5).transmit(iq, channel, tx.getStreamId(), tx.getSeq(), null);
    return CodecEvaluator.toRx(tx, out, channel);
  }

  @Test
  void symbolsHaveUnitPowerAndThePresetsCbr() {
    RgbImage img = scene(64, 48, 1);
    TxPacket tx = c16.encode(new SourceFrame("s", 3, 10, img), LinkConditions.awgn(10));
    float[] iq = Symbols.fromBytes(tx.getSymbols());
    assertEquals(1.0, Symbols.meanPower(iq), 1e-3);
    assertEquals(iq.length / 2, tx.getChannelUses());
    assertEquals(64 * 48 * 3, tx.getSourceDimension());
    assertEquals(1.0 / 16, (double) tx.getChannelUses() / tx.getSourceDimension(), 1e-9);
    TxPacket tx48 = c48.encode(new SourceFrame("s", 3, 10, img), LinkConditions.awgn(10));
    assertEquals(1.0 / 48, (double) tx48.getChannelUses() / tx48.getSourceDimension(), 1e-9);
    assertEquals("deepjscc-c16", tx.getCodecId());
    assertEquals(3, tx.getSeq());
  }

  @Test
  void anyFrameSizeComesBackAtItsSize() {
    RgbImage img = scene(37, 29, 2);
    TxPacket tx = c16.encode(new SourceFrame("s", 0, 0, img), LinkConditions.awgn(10));
    RgbImage out = c16.decode(through(tx, ChannelConfig.awgn(Double.POSITIVE_INFINITY)));
    assertEquals(37, out.width());
    assertEquals(29, out.height());
    // Padding to 40x32 is paid for: CBR above the nominal 1/16.
    assertTrue((double) tx.getChannelUses() / tx.getSourceDimension() > 1.0 / 16);
  }

  @Test
  void anOddCountOfRealValuesFillsItsLastSymbolWithZero() {
    // 1/384 keeps one latent channel; 248×184 has 31×23 positions: 713 real values, 357 complex symbols.
    try (Codec c384 = CodecRegistry.standard().create("deepjscc-c384")) {
      RgbImage img = scene(248, 184, 6);
      TxPacket tx = c384.encode(new SourceFrame("s", 0, 0, img), LinkConditions.awgn(10));
      assertEquals(357, tx.getChannelUses());
      float[] iq = Symbols.fromBytes(tx.getSymbols());
      assertEquals(0f, iq[iq.length - 1]);
      RgbImage out = c384.decode(through(tx, ChannelConfig.awgn(10)));
      assertEquals(248, out.width());
      assertEquals(184, out.height());
    }
  }

  @Test
  void noiselessDecodeIsDeterministic() {
    RgbImage img = scene(64, 64, 3);
    TxPacket tx = c16.encode(new SourceFrame("s", 0, 0, img), LinkConditions.awgn(20));
    RxPacket rx = through(tx, ChannelConfig.awgn(Double.POSITIVE_INFINITY));
    assertArrayEquals(c16.decode(rx).rgb(), c16.decode(rx).rgb());
    TxPacket again = c16.encode(new SourceFrame("s", 0, 0, img), LinkConditions.awgn(20));
    assertEquals(tx.getSymbols(), again.getSymbols());
  }

  @Test
  void qualityRisesWithSnrAndWithRate() {
    RgbImage img = scene(128, 128, 4);
    double low = psnr(c16, img, 1), high = psnr(c16, img, 13), high48 = psnr(c48, img, 13);
    assertTrue(high > low + 0.5, "PSNR at 13 dB " + high + " should beat 1 dB " + low);
    assertTrue(high > high48, "CBR 1/16 " + high + " should beat 1/48 " + high48);
    assertTrue(low > 20, "even at 1 dB the picture should be recognisable, got " + low);
  }

  private static double psnr(Codec codec, RgbImage img, double snr) {
    TxPacket tx = codec.encode(new SourceFrame("q", 0, 0, img), LinkConditions.awgn(snr));
    return Psnr.of(img, codec.decode(through(tx, ChannelConfig.awgn(snr))));
  }

  @Test
  void wrongSymbolCountIsRejectedWithAReason() {
    RgbImage img = scene(64, 64, 5);
    TxPacket tx = c16.encode(new SourceFrame("s", 0, 0, img), LinkConditions.awgn(10));
    RxPacket rx = through(tx, ChannelConfig.awgn(10));
    rx.setWidth(128);
    CodecException e = assertThrows(CodecException.class, () -> c16.decode(rx));
    assertTrue(e.getMessage().contains("symbols"), e.getMessage());
    rx.setWidth(64);
    rx.setSymbols(ByteBuffer.wrap(new byte[13]));
    assertThrows(CodecException.class, () -> c16.decode(rx));
  }
}
