package io.semstream.codecs.explicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The codec's plumbing with random (untrained) weights: what must hold before any training. */
class ExplicitCodecTest {

  private static ExplicitCodec c16;
  private static ExplicitCodec c32;

  @BeforeAll
  static void create() {
    c16 = ExplicitCodec.randomlyInitialised("explicit-test-c16", 1.0 / 16, ExplicitNetwork.Config.tiny(), 7);
    c32 = new ExplicitCodec("explicit-test-c32", 1.0 / 32, ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 7));
  }

  @AfterAll
  static void close() {
    c16.close();
    c32.close();
  }

  /** Gradients, blobs and a textured quadrant, so patches differ in entropy. */
  static RgbImage scene(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[w * h * 3];
    double bx = r.nextDouble() * w, by = r.nextDouble() * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double g = Math.exp(-((x - bx) * (x - bx) + (y - by) * (y - by)) / (w * h / 8.0));
        boolean busy = x > w / 2 && y > h / 2;
        for (int c = 0; c < 3; c++) {
          double v = 50 + 100.0 * x / w + 30 * c + 80 * g + (busy ? r.nextInt(120) - 60 : 0);
          rgb[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) v));
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static RxPacket noiseless(TxPacket tx) {
    ChannelConfig link = ChannelConfig.awgn(Double.POSITIVE_INFINITY);
    ChannelOutput out = new ChannelSimulator(3).transmit(Symbols.fromBytes(tx.getSymbols()), link,
        tx.getStreamId(), tx.getSeq(), null);
    return RxPackets.from(tx, out, link, 0);
  }

  private static TxPacket encode(ExplicitCodec codec, RgbImage img, double snr) {
    return codec.encode(new SourceFrame("s", 1, 2, img), LinkConditions.awgn(snr));
  }

  @Test
  void noiselessRoundTripIsDeterministic() {
    RgbImage img = scene(128, 64, 1);
    TxPacket tx = encode(c16, img, 10);
    TxPacket again = encode(c16, img, 10);
    assertEquals(tx.getSymbols(), again.getSymbols());
    assertEquals(tx.getSideInfo(), again.getSideInfo());
    RxPacket rx = noiseless(tx);
    assertArrayEquals(Symbols.fromBytes(tx.getSymbols()), Symbols.fromBytes(rx.getSymbols()));
    RgbImage first = c16.decode(rx);
    RgbImage second = c16.decode(noiseless(again));
    assertArrayEquals(first.rgb(), second.rgb());
    // The decoder reads the symbols: dropping one patch's worth to zero must change the picture.
    float[] iq = Symbols.fromBytes(rx.getSymbols());
    Arrays.fill(iq, 0, Math.min(iq.length, 32), 0f);
    rx.setSymbols(Symbols.toBytes(iq));
    assertTrue(iq.length > 0);
    assertNotEquals(Arrays.hashCode(first.rgb()), Arrays.hashCode(c16.decode(rx).rgb()));
  }

  @Test
  void measuredCbrCountsSymbolsAndSideInfo() {
    RgbImage img = scene(128, 128, 2);
    for (double snr : new double[] {1, 10, 20}) {
      ExplicitCodec.Encoding e = c16.analyse(img, snr);
      TxPacket tx = encode(c16, img, snr);
      long symbols = Symbols.fromBytes(tx.getSymbols()).length / 2;
      assertEquals(e.allocation().symbols(), symbols);
      assertEquals(c16.network().allocator().symbols(e.sideInfo().levelIndexes()), symbols);
      assertTrue(tx.getSideInfoBits() > 0);
      assertEquals(8L * tx.getSideInfo().remaining(), tx.getSideInfoBits());
      long sideUses = CqiTable.channelUsesForBits(tx.getSideInfoBits(), snr);
      assertEquals(symbols + sideUses, tx.getChannelUses());
      assertEquals(128 * 128 * 3, tx.getSourceDimension());
      double cbr = (double) tx.getChannelUses() / tx.getSourceDimension();
      assertTrue(cbr <= 1.0 / 16 + 1e-12, "CBR " + cbr + " above the target at " + snr + " dB");
      // The allocator spends most of its budget. Not all: random weights give many patches identical bits,
      // so η moves them across a level together and the last step can overshoot by several patches.
      assertTrue(symbols <= e.budget() && symbols >= 0.85 * e.budget(), symbols + " symbols, budget " + e.budget());
      assertTrue(cbr > 0.85 / 16, "CBR " + cbr + " far below the target at " + snr + " dB");
      assertEquals(1.0, Symbols.meanPower(Symbols.fromBytes(tx.getSymbols())), 1e-4);
    }
  }

  @Test
  void sideInfoRoundTrips() {
    RgbImage img = scene(192, 128, 3);
    ExplicitCodec.Encoding e = c16.analyse(img, 7);
    TxPacket tx = encode(c16, img, 7);
    SideInfo read = c16.readSideInfo(noiseless(tx));
    assertEquals(e.sideInfo(), read);
    assertArrayEquals(e.sideInfo().zHat(), read.zHat());
    assertArrayEquals(e.sideInfo().levelIndexes(), read.levelIndexes());
    assertEquals(12 * 8, read.levelIndexes().length);
    assertEquals(ExplicitNetwork.Config.tiny().zChannels() * 3 * 2, read.zHat().length);
    // Patches really differ: not every patch at one level.
    assertTrue(Arrays.stream(read.levelIndexes()).distinct().count() > 1, Arrays.toString(read.levelIndexes()));
  }

  @Test
  void targetCbrScalesTheSymbolCount() {
    RgbImage img = scene(256, 128, 4);
    TxPacket a = encode(c16, img, 13);
    TxPacket b = encode(c32, img, 13);
    long sa = Symbols.fromBytes(a.getSymbols()).length / 2;
    long sb = Symbols.fromBytes(b.getSymbols()).length / 2;
    long sideA = a.getChannelUses() - sa, sideB = b.getChannelUses() - sb;
    double budgetA = a.getSourceDimension() / 16.0 - sideA, budgetB = b.getSourceDimension() / 32.0 - sideB;
    double ratio = (double) sa / sb, expected = budgetA / budgetB;
    assertTrue(Math.abs(ratio / expected - 1) < 0.1, "symbols " + sa + " vs " + sb + ", expected ratio " + expected);
    assertTrue(sa > sb);
  }

  @Test
  void anyFrameSizeComesBackAtItsSize() {
    RgbImage img = scene(70, 50, 5);
    TxPacket tx = encode(c16, img, 10);
    RgbImage out = c16.decode(noiseless(tx));
    assertEquals(70, out.width());
    assertEquals(50, out.height());
    assertEquals(70 * 50 * 3, tx.getSourceDimension());
    assertTrue(tx.getChannelUses() <= 70 * 50 * 3 / 16);
  }

  @Test
  void damagedSideInfoIsACodecException() {
    RgbImage img = scene(128, 128, 6);
    RxPacket rx = noiseless(encode(c16, img, 10));
    byte[] side = new byte[rx.getSideInfo().remaining()];
    rx.getSideInfo().duplicate().get(side);
    assertTrue(side.length > 4);

    // Cut, with the declared length left alone: the packet contradicts itself.
    rx.setSideInfo(ByteBuffer.wrap(Arrays.copyOf(side, side.length - 1)));
    assertThrows(CodecException.class, () -> c16.decode(rx));
    // Cut, with a matching declared length: the side info's check fails (the range decoder's own end
    // check alone let 3 of these 24 through).
    int missed = 0;
    for (int frame = 0; frame < 8; frame++) {
      RxPacket other = noiseless(encode(c16, scene(128, 128, 20 + frame), 10));
      byte[] bytes = new byte[other.getSideInfo().remaining()];
      other.getSideInfo().duplicate().get(bytes);
      for (int cut = 1; cut <= 3; cut++) {
        other.setSideInfo(ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length - cut)));
        other.setSideInfoBits(8L * (bytes.length - cut));
        try {
          c16.decode(other);
          missed++;
        } catch (CodecException expected) {
          // caught
        }
      }
    }
    assertEquals(0, missed, missed + " of 24 cut side-info streams decoded without complaint");
    // Empty.
    rx.setSideInfo(ByteBuffer.allocate(0));
    rx.setSideInfoBits(0);
    assertThrows(CodecException.class, () -> c16.decode(rx));
  }

  @Test
  void symbolCountMustMatchTheLevels() {
    RgbImage img = scene(128, 64, 7);
    RxPacket rx = noiseless(encode(c16, img, 10));
    float[] iq = Symbols.fromBytes(rx.getSymbols());
    rx.setSymbols(Symbols.toBytes(Arrays.copyOf(iq, iq.length - 2)));
    CodecException e = assertThrows(CodecException.class, () -> c16.decode(rx));
    assertTrue(e.getMessage().contains("symbols"), e.getMessage());
  }
}
