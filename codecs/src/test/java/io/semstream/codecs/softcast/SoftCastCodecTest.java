package io.semstream.codecs.softcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftCastCodecTest {

  /** Gradients, soft blobs and a little fine texture; 250×190 is a multiple of neither 16 nor 8. */
  static RgbImage scene(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double t = 8 * Math.sin(x * 0.9 + y * 0.3);
        int o = 3 * (y * w + x);
        rgb[o] = (byte) clamp(60 + 120.0 * x / w + t + r.nextInt(5));
        rgb[o + 1] = (byte) clamp(200 - 90.0 * y / h + 30 * Math.sin(x / 17.0));
        rgb[o + 2] = (byte) clamp(90 + 60 * Math.cos((x + y) / 23.0) + t);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static RxPacket through(TxPacket tx, ChannelConfig channel) {
    ChannelOutput out = new ChannelSimulator(3).transmit(Symbols.fromBytes(tx.getSymbols()), channel, "s", 0, null);
    return RxPackets.from(tx, out, channel, 0);
  }

  @Test
  void measuredCbrNeverExceedsTheTargetAndTheSymbolsHaveUnitPower() {
    for (double cbr : new double[] {1.0 / 16, 1.0 / 48, 1.0 / 96, 1.0 / 4}) {
      SoftCastCodec codec = new SoftCastCodec("softcast-test", cbr);
      for (double snr : new double[] {1, 10, 25}) {
        TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, scene(250, 190, 1)), LinkConditions.awgn(snr));
        double measured = tx.getChannelUses() / (double) tx.getSourceDimension();
        assertTrue(measured <= cbr, "CBR " + measured + " over " + cbr + " at " + snr + " dB");
        assertTrue(measured > 0.9 * cbr, "CBR " + measured + " leaves much of " + cbr + " unused");
        double power = Symbols.meanPower(Symbols.fromBytes(tx.getSymbols()));
        assertEquals(1.0, power, 0.003, "power per complex symbol");
      }
    }
  }

  @Test
  void overANoiselessChannelTheReceiverGetsTheTruncatedDct() {
    int w = 250, h = 190;
    RgbImage image = scene(w, h, 2);
    SoftCastCodec codec = new SoftCastCodec("softcast-test", 1.0 / 16);
    SoftCastCodec.Encoding e = codec.analyse(image, 10);
    TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(10));
    RxPacket rx = through(tx, ChannelConfig.awgn(Double.POSITIVE_INFINITY));
    rx.setSnrDb(Double.POSITIVE_INFINITY);
    RgbImage decoded = codec.decode(rx);

    // The same frame by hand: the DCT of each component, unsent chunks set to zero, the inverse.
    Chunks chunks = new Chunks(w, h);
    float[][] planes = YCbCr.planes(image);
    float[][] kept = new float[3][];
    for (int p = 0; p < 3; p++) {
      float[] c = Dct.forward(planes[p], w, h);
      for (int chunk = 0; chunk < chunks.count(); chunk++) {
        if (chunks.component(chunk) == p && !e.side().selected[chunk]) {
          for (int y = chunks.y0(chunk); y < chunks.y0(chunk) + chunks.chunkHeight(chunk); y++) {
            for (int x = chunks.x0(chunk); x < chunks.x0(chunk) + chunks.chunkWidth(chunk); x++) {
              c[y * w + x] = 0;
            }
          }
        }
      }
      kept[p] = Dct.inverse(c, w, h);
    }
    RgbImage truncated = YCbCr.image(kept, w, h);
    int worst = 0;
    for (int i = 0; i < truncated.rgb().length; i++) {
      worst = Math.max(worst, Math.abs((truncated.rgb()[i] & 0xFF) - (decoded.rgb()[i] & 0xFF)));
    }
    assertTrue(worst <= 1, "largest difference " + worst + " (float rounding allows 1)");
    assertTrue(Psnr.of(image, decoded) > 25, "the truncated DCT keeps the picture: " + Psnr.of(image, decoded));
  }

  @Test
  void psnrRisesWithTheSnr() {
    SoftCastCodec codec = new SoftCastCodec("softcast-test", 1.0 / 16);
    RgbImage image = scene(256, 256, 3);
    double previous = 0;
    for (double snr : new double[] {0, 4, 8, 12, 16, 20}) {
      TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(snr));
      double psnr = Psnr.of(image, codec.decode(through(tx, ChannelConfig.awgn(snr))));
      assertTrue(psnr > previous, "PSNR " + psnr + " at " + snr + " dB, after " + previous);
      previous = psnr;
    }
  }

  @Test
  void sideInfoRoundTrips() {
    int w = 250, h = 190;
    Chunks chunks = new Chunks(w, h);
    SoftCastCodec codec = new SoftCastCodec("softcast-test", 1.0 / 24);
    SoftCastCodec.Encoding e = codec.analyse(scene(w, h, 4), 7);
    SideInfo back = SideInfo.decode(e.sideBytes(), chunks);
    assertArrayEquals(e.side().selected, back.selected);
    assertArrayEquals(e.side().levels, back.levels);
    assertEquals(e.side().power, back.power);
    TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, scene(w, h, 4)), LinkConditions.awgn(7));
    assertArrayEquals(e.sideBytes(), Bytes.of(tx.getSideInfo()));
  }

  @Test
  void rayleighWithCsiDecodesWithTheKnownGainsAndBeatsDecodingBlind() {
    SoftCastCodec codec = new SoftCastCodec("softcast-test", 1.0 / 16);
    RgbImage image = scene(256, 256, 5);
    TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(10));
    double withCsi = 0, blind = 0;
    for (int seed = 0; seed < 4; seed++) {
      ChannelConfig csi = ChannelConfig.rayleighFast(10, true, 0.9);
      ChannelConfig none = ChannelConfig.rayleighFast(10, false, 0.9);
      ChannelSimulator sim = new ChannelSimulator(seed);
      float[] iq = Symbols.fromBytes(tx.getSymbols());
      withCsi += Psnr.of(image, codec.decode(RxPackets.from(tx, sim.transmit(iq, csi, "s", 0, null), csi, 0)));
      blind += Psnr.of(image, codec.decode(RxPackets.from(tx, sim.transmit(iq, none, "s", 0, null), none, 0)));
    }
    assertTrue(withCsi / 4 > blind / 4 + 3, "with CSI " + withCsi / 4 + " dB, without " + blind / 4);
    assertTrue(withCsi / 4 > 20, "fast fading with CSI: " + withCsi / 4 + " dB");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "coherence {0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 700})
  void blockFadingWithoutCsiSendsPilotsWithinTheBudgetAndDecodesAlmostAsWellAsWithCsi(int coherence) {
    SoftCastCodec codec = new SoftCastCodec("softcast-test", 1.0 / 16);
    RgbImage image = scene(250, 190, 6);
    LinkConditions blind = new LinkConditions(10, FadingModel.RAYLEIGH_BLOCK, false, coherence);
    TxPacket plain = codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(10));
    TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, image), blind);
    assertTrue(tx.getChannelUses() <= Math.floor(image.sourceDimension() / 16.0), "CBR with pilots: " + tx.getChannelUses() + " channel uses, plain " + plain.getChannelUses());
    assertTrue(Symbols.fromBytes(tx.getSymbols()).length > 0);
    double estimated = 0, known = 0, none = 0;
    int draws = 6;
    for (int seed = 0; seed < draws; seed++) {
      ChannelConfig noCsi = new ChannelConfig(10, FadingModel.RAYLEIGH_BLOCK, false, coherence, 0.9);
      ChannelConfig csi = new ChannelConfig(10, FadingModel.RAYLEIGH_BLOCK, true, coherence, 0.9);
      estimated += Psnr.of(image, codec.decode(RxPackets.from(tx, new ChannelSimulator(seed).transmit(Symbols.fromBytes(tx.getSymbols()),
          noCsi, "s", 0, null), noCsi, 0)));
      // The same packet through the same draws, the receiver told the gains: only the estimate differs.
      known += Psnr.of(image, codec.decode(RxPackets.from(tx, new ChannelSimulator(seed).transmit(
          Symbols.fromBytes(tx.getSymbols()), csi, "s", 0, null), csi, 0)));
      none += Psnr.of(image, codec.decode(RxPackets.from(plain, new ChannelSimulator(seed).transmit(Symbols.fromBytes(plain.getSymbols()),
          noCsi, "s", 0, null), noCsi, 0)));
    }
    estimated /= draws;
    known /= draws;
    none /= draws;
    // One block per frame: phase from many pilots, magnitude from the data's power. Short blocks: a few
    // pilots each, whose estimate costs about a decibel.
    assertTrue(estimated > known - (coherence == 0 ? 0.5 : 1.5), "coherence " + coherence + ": pilots " + estimated + " dB, known gains " + known);
    assertTrue(estimated > none + 5, "pilots " + estimated + " dB, decoding blind " + none);
  }

  @Test
  void pilotsSitAtTheStartOfEveryCoherenceBlockAndComeOutOfTheSideInfo() {
    Pilots p = new Pilots(100);
    assertEquals(6, p.perBlock(200));
    float[] data = new float[2 * 200];
    java.util.Arrays.fill(data, 0.5f);
    float[] sent = p.insert(data);
    assertEquals(2 * p.total(200), sent.length);
    assertEquals(200 + 6 * 3, p.total(200));
    for (int block = 0; block < 3; block++) {
      assertEquals(1f, sent[2 * 100 * block]);
      assertEquals(0.5f, sent[2 * (100 * block + 6)]);
    }
    Chunks chunks = new Chunks(64, 48);
    SideInfo side = new SideInfo(new boolean[chunks.count()], new int[chunks.count()], 7, p);
    assertEquals(100, SideInfo.decode(side.encode(chunks), chunks).pilots.block());
    Pilots frame = new Pilots(0);
    assertEquals(16, frame.perBlock(500));
    assertEquals(160, frame.perBlock(10240));
    assertEquals(10240 + 160, frame.total(10240));
    SideInfo noPilots = new SideInfo(new boolean[chunks.count()], new int[chunks.count()], 7, Pilots.NONE);
    assertTrue(!SideInfo.decode(noPilots.encode(chunks), chunks).pilots.present());
  }
}
