package io.semstream.codecs.implicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.telemetry.LinearAnalogTelemetryCodec;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linear path: before training the codec is the linear analog scheme, symbol for symbol and value for value. */
class LinearPathTelemetryCodecTest {

  @Test
  void anUntrainedFieldIsExactlyTheLinearScheme() {
    int channels = 3, n = 100;
    float[] v = new float[channels * n];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < n; t++) {
        v[c * n + t] = (float) (5 * c + Math.sin(0.07 * (c + 1) * t) + 0.3 * Math.cos(0.9 * t));
      }
    }
    SeriesWindow w = new SeriesWindow(channels, n, v);
    StreamProfile profile = StreamProfile.of(List.of(w));
    LinearAnalogTelemetryCodec linear = new LinearAnalogTelemetryCodec(0.25);
    try (LinearPathTelemetryCodec lp = new LinearPathTelemetryCodec(0.25, LinearPathModel.newModel(3))) {
      TelemetryWindowMeta meta = new TelemetryWindowMeta("s", 4, 0);
      TxPacket a = linear.encode(meta, w, profile, LinkConditions.awgn(7));
      TxPacket b = lp.encode(meta, w, profile, LinkConditions.awgn(7));
      assertEquals("implicit-lp-c4", b.getCodecId());
      assertArrayEquals(Symbols.fromBytes(a.getSymbols()), Symbols.fromBytes(b.getSymbols()), "the same symbols");
      ChannelOutput out = new ChannelSimulator(2).transmit(Symbols.fromBytes(a.getSymbols()), ChannelConfig.awgn(7),
          "s", 4, null);
      RxPacket rx = RxPackets.from(a, out, ChannelConfig.awgn(7), 0);
      float[] expected = linear.decode(rx, profile).samples();
      float[] got = lp.decode(rx, profile).samples();
      for (int i = 0; i < expected.length; i++) {
        // the linear scheme restores from double, the field from float: a last-bit difference at most
        assertEquals(expected[i], got[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "sample " + i);
      }
    }
  }
}
