package io.semstream.codecs.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.schemas.ChannelState;
import io.semstream.schemas.FadingModel;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {
  @Test
  void parseKnowsEveryName() {
    assertEquals(ChannelConfig.awgn(4), ChannelConfig.parse("awgn", 4));
    assertEquals(ChannelConfig.rayleighBlock(4, true), ChannelConfig.parse("rayleigh-block", 4));
    assertEquals(ChannelConfig.rayleighBlock(4, false), ChannelConfig.parse("rayleigh-block-nocsi", 4));
    assertEquals(ChannelConfig.rayleighFast(4, true, 0.99), ChannelConfig.parse("rayleigh-fast", 4));
    assertEquals(ChannelConfig.rayleighFast(4, false, 0.99), ChannelConfig.parse(" Rayleigh-Fast-NoCSI ", 4));
  }

  @Test
  void parseRejectsAnUnknownNameListingTheAcceptedOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChannelConfig.parse("rician", 4));
    assertTrue(e.getMessage().contains("rician"), e.getMessage());
    for (String name : new String[] {"awgn", "rayleigh-block", "rayleigh-block-nocsi", "rayleigh-fast",
        "rayleigh-fast-nocsi"}) {
      assertTrue(e.getMessage().contains(name), "message lists " + name + ": " + e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> ChannelConfig.parse(null, 4));
  }

  @Test
  void fromChannelStateCopiesEveryFieldAndDefaultsMatchTheFactories() {
    ChannelState s = ChannelState.newBuilder().setLinkId("cam-1").setTimestamp(1L).setSnrDb(7.5)
        .setFading(FadingModel.RAYLEIGH_FAST).setCsiAtReceiver(false).setCoherenceSymbols(12)
        .setDopplerCorrelation(0.8).build();
    assertEquals(new ChannelConfig(7.5, FadingModel.RAYLEIGH_FAST, false, 12, 0.8), ChannelConfig.from(s));

    ChannelState defaults = ChannelState.newBuilder().setLinkId("cam-1").setTimestamp(1L).setSnrDb(3)
        .setFading(FadingModel.RAYLEIGH_BLOCK).build();
    assertEquals(ChannelConfig.rayleighBlock(3, true), ChannelConfig.from(defaults));
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new ChannelConfig(1, FadingModel.RAYLEIGH_BLOCK, true, -1, 0.9));
    assertThrows(IllegalArgumentException.class, () -> ChannelConfig.rayleighFast(1, true, 1.5));
    assertThrows(IllegalArgumentException.class, () -> ChannelConfig.awgn(Double.NaN));
    assertThrows(NullPointerException.class, () -> new ChannelConfig(1, null, true, 0, 0.9));
  }

  @Test
  void fadingStateRoundTripsThroughBytes() {
    FadingState s = new FadingState(-0.125, 1.75);
    byte[] b = s.toBytes();
    assertEquals(FadingState.BYTES, b.length);
    assertEquals(s, FadingState.fromBytes(b));
    assertNull(FadingState.fromBytes(null));
    assertThrows(IllegalArgumentException.class, () -> FadingState.fromBytes(new byte[8]));
  }
}
