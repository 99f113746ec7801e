package io.semstream.codecs.hda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.classical.ClassicalTestImages;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.softcast.RefinerModel;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefinedHdaCodecTest {

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"256,256", "250,190"})
  void beforeTrainingTheRefinedCodecIsTheHybridBitForBitAndSendsTheSameSymbols(int w, int h) {
    RgbImage image = ClassicalTestImages.scene(w, h, 9);
    try (HybridDigitalAnalogCodec hybrid = new HybridDigitalAnalogCodec("hda-j2k-c16", 1.0 / 16);
        RefinedHdaCodec refined = new RefinedHdaCodec("hda-j2k-refined-c16", 1.0 / 16,
            RefinerModel.newModel(RefinerModel.config(), 5))) {
      TxPacket a = hybrid.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(7));
      TxPacket b = refined.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(7));
      assertEquals(a.getSymbols(), b.getSymbols());
      assertEquals(a.getSideInfo(), b.getSideInfo());
      ChannelConfig channel = ChannelConfig.awgn(7);
      ChannelOutput out = new ChannelSimulator(11).transmit(Symbols.fromBytes(a.getSymbols()), channel, "s", 0, null);
      RxPacket rx = RxPackets.from(a, out, channel, 0);
      RgbImage decoded = refined.decode(rx);
      assertEquals(w, decoded.width());
      assertEquals(h, decoded.height());
      assertArrayEquals(hybrid.decode(rx).rgb(), decoded.rgb());
    }
  }
}
