package io.semstream.codecs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.api.UnknownCodecException;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.TxPacket;
import org.junit.jupiter.api.Test;

/** Every family answers any CBR 1/N it can fill, by id, and the presets keep their names. */
class CodecFamiliesTest {
  private final CodecRegistry registry = CodecRegistry.standard();

  @Test
  void familyIdsResolveToTheirCbrAndPresetsWin() {
    assertEquals(1.0 / 24, registry.info("softcast-c24").cbrTarget(), 1e-12);
    assertEquals(1.0 / 96, registry.info("explicit-c96").cbrTarget(), 1e-12);
    assertEquals(1.0 / 32, registry.info("classical-j2k-ldpc-c32").cbrTarget(), 1e-12);
    assertEquals("deepjscc-c16", registry.idFor("deepjscc", 1.0 / 16));
    assertEquals("classical-j2k-ldpc", registry.idFor("classical-j2k-ldpc", 1.0 / 16), "the plain id is the 1/16 preset");
    assertEquals("classical-j2k-ldpc-c48", registry.idFor("classical-j2k-ldpc", 1.0 / 48));
    assertTrue(registry.contains("deepjscc-c96"));
    assertFalse(registry.contains("deepjscc-c8"), "Deep JSCC cannot send more than its 24 channels: 1/16");
    assertFalse(registry.contains("softcast-cx"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.idFor("deepjscc", 1.0 / 8));
    assertTrue(e.getMessage().contains("1/16"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> registry.idFor("softcast", 0.07));
    UnknownCodecException unknown = assertThrows(UnknownCodecException.class, () -> registry.create("nope-c16"));
    assertTrue(unknown.getMessage().contains("softcast-c<N>"), unknown.getMessage());
  }

  @Test
  void deepJsccAtAnotherCbrSendsFewerChannelsAndStaysWithinIt() {
    RgbImage image = RgbImage.filled(96, 64, 100);
    for (int n : new int[] {24, 32, 96}) {
      try (Codec codec = registry.create("deepjscc-c" + n)) {
        TxPacket tx = codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(10));
        assertEquals(1.0 / n, tx.getChannelUses() / (double) tx.getSourceDimension(), 1e-12);
        ChannelConfig channel = ChannelConfig.awgn(10);
        RgbImage out = codec.decode(RxPackets.from(tx, new ChannelSimulator(1).transmit(
            Symbols.fromBytes(tx.getSymbols()), channel, "s", 0, null), channel, 0));
        assertEquals(96, out.width());
      }
    }
  }
}
