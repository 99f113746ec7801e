package io.semstream.codecs.implicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryPackets;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The digital implicit codec's mechanics on a network at SIREN's initialisation: above its design SNR the receiver
 * renders exactly the latents the transmitter quantised, a larger budget buys a finer step, the packet keeps to its
 * budget, and below the design SNR the window is lost (for the receiver to conceal), never decoded wrong.
 */
class ImplicitDigitalTelemetryCodecTest {
  static final float[] PRIOR = new float[64];

  static {
    Arrays.fill(PRIOR, 0.2f);
  }

  private static SeriesWindow window() {
    int channels = 4, n = 256;
    float[] s = new float[channels * n];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < n; t++) {
        s[c * n + t] = (float) (3 * c + Math.sin(2 * Math.PI * (c + 1) * t / n));
      }
    }
    return new SeriesWindow(channels, n, s);
  }

  private static RxPacket through(TxPacket tx, double snrDb) {
    ChannelConfig config = ChannelConfig.awgn(snrDb);
    return RxPackets.from(tx, new ChannelSimulator(5).transmit(Symbols.fromBytes(tx.getSymbols()), config, "s", 0,
        null), config, 0);
  }

  private static ImplicitDigitalTelemetryCodec codec(double cbr) {
    return new ImplicitDigitalTelemetryCodec(cbr, 10, ImplicitModel.newModel(FieldConfig.series(), 7),
        new LatentPrior(PRIOR), 3);
  }

  @Test
  void aboveTheDesignSnrTheReceiverRendersWhatTheTransmitterQuantised() {
    SeriesWindow w = window();
    StreamProfile profile = StreamProfile.of(List.of(w));
    int[] steps = new int[2];
    double[] cbrs = {1 / 16.0, 1 / 4.0};
    for (int i = 0; i < 2; i++) {
      try (ImplicitDigitalTelemetryCodec codec = codec(cbrs[i]);
           ImplicitDigitalTelemetryCodec sameNetwork = codec(cbrs[i])) {
        TxPacket tx = codec.encode(new TelemetryWindowMeta("s", 0, 0), w, profile, LinkConditions.awgn(20));
        assertTrue(tx.getChannelUses() <= TelemetryPackets.budget(cbrs[i], w), "within the budget");
        RxPacket rx = through(tx, 20);
        SeriesWindow decoded = codec.decode(rx, profile);
        assertArrayEquals(decoded.samples(), sameNetwork.decode(rx, profile).samples(), "a fresh receiver agrees");
        byte[] payload = new io.semstream.codecs.telemetry.DigitalPath(cbrs[i], 10).receive(rx);
        steps[i] = payload[0];
        assertEquals(4, decoded.channels());
        assertEquals(256, decoded.length());
      }
    }
    assertTrue(steps[1] > steps[0], "four times the channel uses buy a finer step: " + Arrays.toString(steps));
  }

  @Test
  void belowTheDesignSnrTheWindowIsLost() {
    SeriesWindow w = window();
    StreamProfile profile = StreamProfile.of(List.of(w));
    try (ImplicitDigitalTelemetryCodec codec = codec(1 / 4.0)) {
      TxPacket tx = codec.encode(new TelemetryWindowMeta("s", 0, 0), w, profile, LinkConditions.awgn(10));
      assertThrows(FrameLostException.class, () -> codec.decode(through(tx, -5), profile));
    }
  }
}
