package io.semstream.codecs.softcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefinedSoftCastCodecTest {

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"256,256", "250,190"})
  void beforeTrainingTheRefinedCodecIsSoftCastBitForBitAndSendsTheSameSymbols(int w, int h) {
    RgbImage image = picture(w, h);
    SoftCastCodec linear = new SoftCastCodec("softcast-c16", 1.0 / 16);
    Model untrained = RefinerModel.newModel(RefinerModel.config(), 5);
    try (RefinedSoftCastCodec refined = new RefinedSoftCastCodec("softcast-refined-c16", 1.0 / 16, untrained)) {
      TxPacket a = linear.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(7));
      TxPacket b = refined.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(7));
      assertEquals(a.getSymbols(), b.getSymbols());
      assertEquals(a.getSideInfo(), b.getSideInfo());
      RxPacket rx = received(a, 7);
      RgbImage out = refined.decode(rx);
      assertEquals(w, out.width());
      assertEquals(h, out.height());
      assertArrayEquals(linear.decode(rx).rgb(), out.rgb());
    }
  }

  static RxPacket received(TxPacket tx, double snr) {
    ChannelConfig channel = ChannelConfig.awgn(snr);
    ChannelOutput out = new ChannelSimulator(11).transmit(Symbols.fromBytes(tx.getSymbols()), channel, "s", 0, null);
    return RxPackets.from(tx, out, channel, 0);
  }

  static RgbImage picture(int w, int h) {
    SplittableRandom r = new SplittableRandom(w * 7L + h);
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (128 + 90 * Math.sin(x / 17.0) + r.nextInt(12));
        rgb[i + 1] = (byte) (128 + 80 * Math.cos(y / 23.0));
        rgb[i + 2] = (byte) ((x ^ y) & 0xFF);
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
