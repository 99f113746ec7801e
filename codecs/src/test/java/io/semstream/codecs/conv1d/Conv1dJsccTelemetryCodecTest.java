package io.semstream.codecs.conv1d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryPackets;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.TxPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

class Conv1dJsccTelemetryCodecTest {

  static SeriesWindow window(int channels, int length) {
    float[] v = new float[channels * length];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < length; t++) {
        v[c * length + t] = (float) (10 * c + Math.sin(0.1 * (c + 1) * t) * (c + 1));
      }
    }
    return new SeriesWindow(channels, length, v);
  }

  @Test
  void aWindowOfAnyLengthTakesNoMoreThanItsBudgetAndComesBackAtItsSize() {
    for (int length : new int[] {100, 128, 37}) {
      SeriesWindow w = window(3, length);
      StreamProfile profile = StreamProfile.of(List.of(w));
      for (double cbr : new double[] {1 / 4.0, 1 / 16.0}) {
        try (Conv1dJsccTelemetryCodec codec = new Conv1dJsccTelemetryCodec(cbr, Conv1dJsccModel.newModel(5))) {
          TxPacket p = codec.encode(new TelemetryWindowMeta("s", 0, 0), w, profile, LinkConditions.awgn(10));
          assertTrue(p.getChannelUses() <= TelemetryPackets.budget(cbr, w), length + " points at " + cbr + ": "
              + p.getChannelUses() + " channel uses");
          int k = codec.active(3, length);
          int positions = Conv1dJsccTelemetryCodec.padded(length) / Conv1dJsccNetwork.DOWNSAMPLE;
          assertEquals(Math.ceil(3 * k * positions / 2.0), p.getChannelUses(), 0.0);
          if (k > 0) {
            // unit power per pair of reals; an odd count of reals leaves half of the last channel use empty
            assertEquals(3 * k * positions / 2.0 / p.getChannelUses(), p.getPower(), 1e-3, "power per channel use");
          }
          ChannelSimulator channel = new ChannelSimulator(1);
          var through = channel.transmit(Symbols.fromBytes(p.getSymbols()), ChannelConfig.awgn(10), "s", 0, null);
          SeriesWindow back = codec.decode(io.semstream.codecs.channel.RxPackets.from(p, through,
              ChannelConfig.awgn(10), 0), profile);
          assertEquals(3, back.channels());
          assertEquals(length, back.length());
          assertTrue(back.firstNonFinite() < 0);
        }
      }
    }
  }

  @Test
  void aQuarterChannelUseASampleSendsHalfTheLatentChannels() {
    try (Conv1dJsccTelemetryCodec codec = new Conv1dJsccTelemetryCodec(1 / 4.0, Conv1dJsccModel.newModel(1))) {
      assertEquals(8, codec.active(4, 128));
      assertEquals(8, codec.active(1, 80));
    }
    try (Conv1dJsccTelemetryCodec codec = new Conv1dJsccTelemetryCodec(1 / 16.0, Conv1dJsccModel.newModel(1))) {
      assertEquals(2, codec.active(4, 128));
    }
  }
}
