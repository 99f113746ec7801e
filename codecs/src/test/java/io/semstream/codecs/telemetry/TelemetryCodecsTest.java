package io.semstream.codecs.telemetry;

import io.semstream.codecs.registry.TelemetryCodecs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The training-free telemetry codecs on an 8-channel, 100 Hz stream in windows of 100 points. */
class TelemetryCodecsTest {
  static final int CHANNELS = 8, LENGTH = 100;

  /** Sensors of different units and speeds: slow drifts, oscillations, a step, noise. */
  static List<SeriesWindow> stream(int windows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SeriesWindow> out = new ArrayList<>();
    double[] walk = new double[CHANNELS];
    for (int w = 0; w < windows; w++) {
      float[] s = new float[CHANNELS * LENGTH];
      for (int c = 0; c < CHANNELS; c++) {
        for (int t = 0; t < LENGTH; t++) {
          double time = (w * LENGTH + t) / 100.0;
          walk[c] += 0.02 * random.nextGaussian();
          double v = Math.pow(10, c - 3) * (Math.sin(2 * Math.PI * (0.3 + c) * time) + walk[c]
              + (c == 5 && t > 50 ? 2 : 0)) + 0.01 * random.nextGaussian() + 100 * c;
          s[c * LENGTH + t] = (float) v;
        }
      }
      out.add(new SeriesWindow(CHANNELS, LENGTH, s));
    }
    return out;
  }

  static RxPacket through(TxPacket tx, double snrDb, long seq) {
    ChannelConfig config = ChannelConfig.awgn(snrDb);
    return RxPackets.from(tx, new ChannelSimulator(7).transmit(Symbols.fromBytes(tx.getSymbols()), config, "s", seq,
        null), config, 0);
  }

  static double nmseDb(TelemetryCodec codec, List<SeriesWindow> windows, double snrDb) {
    StreamProfile profile = StreamProfile.of(windows);
    NmseAccumulator nmse = new NmseAccumulator(CHANNELS);
    for (int i = 0; i < windows.size(); i++) {
      TxPacket tx = codec.encode(new TelemetryWindowMeta("s", i, 0), windows.get(i), profile,
          LinkConditions.awgn(snrDb));
      assertEquals((long) Math.floor(codec.cbrTarget() * CHANNELS * LENGTH), tx.getChannelUses(), "budget");
      nmse.add(WindowError.of(windows.get(i), codec.decode(through(tx, snrDb, i), profile)));
    }
    return 10 * Math.log10(nmse.nmse());
  }

  @Test
  void theLinearSchemeImprovesSmoothlyWithSnrAndMeetsItsPowerOnAverage() {
    List<SeriesWindow> windows = stream(12, 1);
    LinearAnalogTelemetryCodec codec = new LinearAnalogTelemetryCodec(1 / 16.0);
    double previous = Double.POSITIVE_INFINITY;
    for (double snr : new double[] {1, 4, 7, 10, 13}) {
      double db = nmseDb(codec, windows, snr);
      assertTrue(db < previous, snr + " dB: " + db + " after " + previous);
      assertTrue(Double.isInfinite(previous) || previous - db < 4, "graceful: " + previous + " → " + db);
      previous = db;
    }
    assertTrue(previous < -5, "at 13 dB the linear scheme reaches " + previous);
    StreamProfile profile = StreamProfile.of(windows);
    double power = 0;
    for (SeriesWindow w : windows) {
      power += codec.encode(new TelemetryWindowMeta("s", 0, 0), w, profile, LinkConditions.awgn(10)).getPower();
    }
    assertEquals(1.0, power / windows.size(), 0.05);
  }

  @Test
  void sendingEveryCoefficientAtHighSnrIsNearlyLossless() {
    assertTrue(nmseDb(new LinearAnalogTelemetryCodec(0.5), stream(3, 2), 50) < -35);
  }

  @Test
  void theDigitalChainIsWithinItsErrorBoundAboveItsDesignSnrAndLostBelow() {
    List<SeriesWindow> windows = stream(3, 3);
    StreamProfile profile = StreamProfile.of(windows);
    ClassicalTelemetryCodec codec = new ClassicalTelemetryCodec(2, 20);
    TxPacket tx = codec.encode(new TelemetryWindowMeta("s", 0, 0), windows.get(0), profile, LinkConditions.awgn(20));
    SeriesWindow decoded = codec.decode(through(tx, 25, 0), profile);
    WindowError e = WindowError.of(windows.get(0), decoded);
    for (int c = 0; c < CHANNELS; c++) {
      // half a quantiser step of a step no coarser than 8 · 2^(−q/4) with q the codec picked
      assertTrue(e.maxAbsError()[c] <= 0.5 * ClassicalTelemetryCodec.step(0) * profile.scale()[c] + 1e-3,
          "channel " + c + " error " + e.maxAbsError()[c]);
    }
    // about -20 dB: whether the step is one finer depends on the MCS the measured table grants at 19 dB
    // (64QAM 0.89 or 256QAM 0.69, 5.33 or 5.55 b/cu, 0.1 dB apart), so the check leaves one step of room
    assertTrue(e.nmse() < 0.02, "nmse " + e.nmse());
    assertThrows(FrameLostException.class, () -> codec.decode(through(tx, 8, 0), profile));
  }

  @Test
  void aWindowTooLargeForItsBudgetIsLostNotSentHalf() {
    List<SeriesWindow> windows = stream(1, 4);
    ClassicalTelemetryCodec codec = new ClassicalTelemetryCodec(1 / 16.0, 1);
    StreamProfile profile = StreamProfile.of(windows);
    TxPacket tx = codec.encode(new TelemetryWindowMeta("s", 0, 0), windows.get(0), profile, LinkConditions.awgn(1));
    assertEquals(0, tx.getSymbols().remaining());
    assertThrows(FrameLostException.class, () -> codec.decode(through(tx, 1, 0), profile));
  }

  @Test
  void unknownFamiliesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TelemetryCodecs.create("gorilla", 0.25, Double.NaN));
    assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("gorilla-ldpc"), e.getMessage());
    assertEquals("linear-c16", TelemetryCodecs.create("linear", 1 / 16.0, Double.NaN).id());
  }
}
