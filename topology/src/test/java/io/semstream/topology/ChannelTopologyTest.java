package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.Symbols;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelTopologyTest {
  @TempDir Path state;

  /** 256×256 → 6144 complex symbols: the realised SNR of one packet is within ~0.1 dB of the configured. */
  static TxPacket packet(String streamId, long seq, int size) {
    try (BlockAverageCodec codec = new BlockAverageCodec()) {
      return codec.encode(new SourceFrame(streamId, seq, TestFrames.T0 + seq, TestFrames.image(size, size, seq)),
          LinkConditions.awgn(10));
    }
  }

  @Test
  void addsNoiseAtTheConfiguredSnr() {
    try (Harness h = Harness.of(Role.CHANNEL, Harness.config().build(), state)) {
      TxPacket tx = packet("cam", 0, 256);
      h.pipe(h.topics.txSymbols(), "cam", tx);
      List<RxPacket> out = h.read(h.topics.rxSymbols(), SemSerdes.rxPacket());
      assertEquals(1, out.size());
      RxPacket rx = out.get(0);
      assertEquals(PipelineConfig.DEFAULT_SNR_DB, rx.getSnrDb());
      assertEquals(PipelineConfig.DEFAULT_SNR_DB, rx.getRealisedSnrDb(), 0.5);
      // DESIGN §4: SNR is per complex symbol, so the noise power is N0 = 10^(-SNR/10), half on I, half on Q.
      float[] x = Symbols.fromBytes(tx.getSymbols());
      float[] y = Symbols.fromBytes(rx.getSymbols());
      double noise = 0;
      for (int i = 0; i < x.length; i++) {
        noise += (y[i] - x[i]) * (double) (y[i] - x[i]);
      }
      assertEquals(0.1, noise / (x.length / 2), 0.01);
      assertEquals(FadingModel.AWGN, rx.getFading());
      assertFalse(rx.getCsiKnown());
      assertNull(rx.getFadingGains());
      assertEquals(tx.getSeq(), rx.getSeq());
      assertEquals(tx.getCodecId(), rx.getCodecId());
      assertEquals(tx.getChannelUses(), rx.getChannelUses());
      assertEquals(tx.getSideInfo(), rx.getSideInfo());
      assertEquals(tx.getSourceDimension(), rx.getSourceDimension());
      assertEquals(tx.getCaptureTimestamp(), rx.getCaptureTimestamp());
    }
  }

  @Test
  void followsChannelStateUpdates() {
    try (Harness h = Harness.of(Role.CHANNEL, Harness.config().build(), state)) {
      h.pipe(h.topics.channelState(), "cam", TestFrames.channel("cam", 0.0, FadingModel.RAYLEIGH_BLOCK, true));
      h.pipe(h.topics.txSymbols(), "cam", packet("cam", 0, 64));
      h.pipe(h.topics.channelState(), "cam", TestFrames.channel("cam", 20.0, FadingModel.AWGN, true));
      h.pipe(h.topics.txSymbols(), "cam", packet("cam", 1, 256));
      h.pipe(h.topics.channelState(), "cam", TestFrames.channel("cam", 5.0, FadingModel.RAYLEIGH_FAST, false));
      h.pipe(h.topics.txSymbols(), "cam", packet("cam", 2, 64));

      List<RxPacket> out = h.read(h.topics.rxSymbols(), SemSerdes.rxPacket());
      assertEquals(3, out.size());
      RxPacket faded = out.get(0);
      assertEquals(0.0, faded.getSnrDb());
      assertEquals(FadingModel.RAYLEIGH_BLOCK, faded.getFading());
      assertTrue(faded.getCsiKnown());
      assertNotNull(faded.getFadingGains());
      assertEquals(faded.getSymbols().remaining(), faded.getFadingGains().remaining());

      assertEquals(20.0, out.get(1).getSnrDb());
      assertEquals(20.0, out.get(1).getRealisedSnrDb(), 0.5);
      assertEquals(FadingModel.AWGN, out.get(1).getFading());

      assertEquals(FadingModel.RAYLEIGH_FAST, out.get(2).getFading());
      assertFalse(out.get(2).getCsiKnown(), "no CSI at the receiver: no gains either");
      assertNull(out.get(2).getFadingGains());
      assertNotNull(h.driver.getKeyValueStore(ChannelTopology.FADING_STATE_STORE).get("cam"),
          "fast fading carries its gain to the stream's next packet");
    }
  }

  @Test
  void sameSeedSameBitsOtherSeedOtherBits() {
    TxPacket tx = packet("cam", 7, 64);
    byte[] a = runOnce(1, tx, state.resolve("a"));
    byte[] b = runOnce(1, tx, state.resolve("b"));
    byte[] c = runOnce(2, tx, state.resolve("c"));
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
  }

  private static byte[] runOnce(long seed, TxPacket tx, Path dir) {
    try (Harness h = Harness.of(Role.CHANNEL, Harness.config().runSeed(seed).build(), dir)) {
      h.pipe(h.topics.txSymbols(), "cam", tx);
      RxPacket rx = h.read(h.topics.rxSymbols(), SemSerdes.rxPacket()).get(0);
      byte[] out = new byte[rx.getSymbols().remaining()];
      rx.getSymbols().duplicate().get(out);
      return out;
    }
  }
}
