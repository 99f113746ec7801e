package io.semstream.codecs.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.semstream.codecs.engine.CodecOutputsIgnoreFreedMemoryTest;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The codec's accounting and framing, on a network at its (seeded) initialisation: no trained weights needed. */
class SemanticCodecTest {

  private static SemanticCodec codec(int denominator) {
    return new SemanticCodec("semantic-c" + denominator, 1.0 / denominator, SemanticModel.newModel(5));
  }

  @ParameterizedTest(name = "1/{0} at {1}x{2}, {3} dB")
  @CsvSource({"96, 256, 256, 1", "384, 256, 256, 10", "192, 768, 512, 4", "96, 250, 190, 13"})
  void framesOfAnySizeKeepTheirCbrWithTheSourceMapsPaidFor(int denominator, int width, int height, double snr) {
    RgbImage image = CodecOutputsIgnoreFreedMemoryTest.scene(width, height, 3);
    try (SemanticCodec c = codec(denominator)) {
      TxPacket tx = c.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(snr));
      long budget = (long) Math.floor(image.sourceDimension() / (double) denominator);
      long symbols = Symbols.fromBytes(tx.getSymbols()).length / 2;
      long side = CqiTable.channelUsesForBits(tx.getSideInfoBits(), snr);
      assertEquals(symbols + side, tx.getChannelUses(), "symbols plus the side info's channel uses");
      assertTrue(tx.getChannelUses() <= budget, tx.getChannelUses() + " over the budget " + budget);
      int tiles = ((width + 255) / 256) * ((height + 255) / 256);
      long perToken = symbols / ((long) tiles * c.tokensPerTile());
      assertEquals(symbols, perToken * tiles * c.tokensPerTile(), "every token carries the same count");
      assertTrue(perToken == SemanticNetwork.MAX_SYMBOLS || budget - tx.getChannelUses() < (long) tiles * c.tokensPerTile() + 8,
          "what is left unused is less than one more symbol per token");
      assertEquals(1.0, Symbols.meanPower(Symbols.fromBytes(tx.getSymbols())), 1e-3);

      RxPacket rx = received(tx, ChannelConfig.awgn(snr));
      RgbImage decoded = c.decode(rx);
      assertEquals(width, decoded.width());
      assertEquals(height, decoded.height());
      assertArrayEquals(decoded.rgb(), c.decode(rx).rgb(), "decoding is deterministic");
    }
  }

  @Test
  void tokensFollowTheCbr() {
    assertEquals(10, SemanticCodec.tokensFor(1.0 / 384));
    assertEquals(20, SemanticCodec.tokensFor(1.0 / 192));
    assertEquals(30, SemanticCodec.tokensFor(1.0 / 96));
    assertEquals(10, SemanticCodec.tokensFor(1.0 / 1000));
    assertEquals(30, SemanticCodec.tokensFor(1.0 / 64));
    assertThrows(IllegalArgumentException.class, () -> codec(16));
  }

  @Test
  void aDamagedPacketIsACodecErrorNotAPicture() {
    RgbImage image = CodecOutputsIgnoreFreedMemoryTest.scene(256, 256, 1);
    try (SemanticCodec c = codec(192)) {
      TxPacket tx = c.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(7));
      RxPacket rx = received(tx, ChannelConfig.awgn(7));
      RxPacket shortSymbols = RxPacket.newBuilder(rx)
          .setSymbols(ByteBuffer.wrap(java.util.Arrays.copyOf(Bytes.of(rx.getSymbols()), 64))).build();
      assertThrows(CodecException.class, () -> c.decode(shortSymbols));
      RxPacket noMaps = RxPacket.newBuilder(rx).setSideInfo(ByteBuffer.wrap(new byte[] {20})).build();
      assertThrows(CodecException.class, () -> c.decode(noMaps));
      RxPacket otherSize = RxPacket.newBuilder(rx).setWidth(512).build();
      assertThrows(CodecException.class, () -> c.decode(otherSize));
    }
  }

  private static RxPacket received(TxPacket tx, ChannelConfig channel) {
    ChannelOutput out = new ChannelSimulator(7).transmit(Symbols.fromBytes(tx.getSymbols()), channel, "s", 0, null);
    return RxPackets.from(tx, out, channel, 0);
  }
}
