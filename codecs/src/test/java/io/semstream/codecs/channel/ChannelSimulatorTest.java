package io.semstream.codecs.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.schemas.FadingModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChannelSimulatorTest {
  private static final ChannelSimulator SIM = new ChannelSimulator(42L);

  /** Unit-power QPSK: every symbol has |x|² = 1 exactly, so the signal side of an SNR is known. */
  private static float[] qpsk(int symbols, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float a = (float) Math.sqrt(0.5);
    float[] iq = new float[2 * symbols];
    for (int i = 0; i < iq.length; i++) {
      iq[i] = r.nextBoolean() ? a : -a;
    }
    return iq;
  }

  /**
   * The core convention: SNR = P/N0 with CN(0, N0) noise, i.e. N0/2 on each of I and Q. A channel that
   * added N0/2 in total (the common Deep JSCC port bug) would measure 3 dB high here.
   */
  @ParameterizedTest
  @ValueSource(doubles = {-5, 0, 1, 7, 13, 20})
  void addedNoiseMatchesConfiguredSnr(double snrDb) {
    int n = 1_000_000;
    float[] x = qpsk(n, 7);
    ChannelOutput out = SIM.transmit(x, ChannelConfig.awgn(snrDb), "cam-1", 3, null);
    double sumI = 0;
    double sumQ = 0;
    for (int k = 0; k < n; k++) {
      double ni = out.iq()[2 * k] - x[2 * k];
      double nq = out.iq()[2 * k + 1] - x[2 * k + 1];
      sumI += ni * ni;
      sumQ += nq * nq;
    }
    double n0 = Math.pow(10, -snrDb / 10);
    double measuredDb = 10 * Math.log10(1.0 / ((sumI + sumQ) / n));
    assertEquals(snrDb, measuredDb, 0.1, "measured SNR of the added noise");
    assertEquals(n0 / 2, sumI / n, 0.02 * n0 / 2, "noise variance on I");
    assertEquals(n0 / 2, sumQ / n, 0.02 * n0 / 2, "noise variance on Q");
    assertEquals(snrDb, out.realisedSnrDb(), 0.1, "reported realised SNR");
    assertNull(out.gains(), "AWGN carries no gains");
    assertNull(out.next(), "AWGN has no fading state");
  }

  @Test
  void blockFadingHasUnitMeanPowerAndOneGainPerFrame() {
    ChannelConfig cfg = ChannelConfig.rayleighBlock(10, true);
    float[] x = qpsk(8, 1);
    int frames = 50_000;
    double power = 0;
    for (int f = 0; f < frames; f++) {
      float[] g = SIM.transmit(x, cfg, "s", f, null).gains();
      for (int k = 1; k < 8; k++) {
        assertEquals(g[0], g[2 * k]);
        assertEquals(g[1], g[2 * k + 1]);
      }
      power += g[0] * g[0] + g[1] * g[1];
    }
    assertEquals(1.0, power / frames, 0.02, "E|h|² for block fading");
  }

  @Test
  void blockFadingRedrawsEveryCoherenceBlock() {
    ChannelConfig cfg = new ChannelConfig(10, FadingModel.RAYLEIGH_BLOCK, true, 4, 0.99);
    float[] g = SIM.transmit(qpsk(16, 1), cfg, "s", 0, null).gains();
    for (int b = 0; b < 4; b++) {
      for (int k = 1; k < 4; k++) {
        assertEquals(g[8 * b], g[8 * b + 2 * k], "constant inside block " + b);
      }
      if (b > 0) {
        assertTrue(g[8 * b] != g[8 * (b - 1)], "block " + b + " has a fresh draw");
      }
    }
  }

  @Test
  void fastFadingHasUnitMeanPowerAndLagOneCorrelationRho() {
    int n = 1_000_000;
    float[] x = qpsk(n, 2);
    for (double rho : new double[] {0.5, 0.9, 0.99}) {
      float[] g = SIM.transmit(x, ChannelConfig.rayleighFast(10, true, rho), "s", 0, null).gains();
      double power = 0;
      double corrRe = 0;
      double corrIm = 0;
      for (int k = 0; k < n; k++) {
        double hr = g[2 * k];
        double hi = g[2 * k + 1];
        power += hr * hr + hi * hi;
        if (k > 0) {
          double pr = g[2 * k - 2];
          double pi = g[2 * k - 1];
          corrRe += hr * pr + hi * pi; // h[k] · conj(h[k-1])
          corrIm += hi * pr - hr * pi;
        }
      }
      if (rho <= 0.9) { // at 0.99 a 10^6 run holds too few independent samples for a 2 % check
        assertEquals(1.0, power / n, 0.02, "E|h|² for fast fading, rho " + rho);
      }
      assertEquals(rho, corrRe / power, 0.01, "lag-1 autocorrelation, rho " + rho);
      assertEquals(0.0, corrIm / power, 0.01, "no phase rotation in the correlation, rho " + rho);
    }
  }

  @Test
  void fastFadingPowerStaysUnitAcrossManyChainedFrames() {
    ChannelConfig cfg = ChannelConfig.rayleighFast(10, true, 0.99);
    float[] x = qpsk(100, 3);
    double power = 0;
    int count = 0;
    // Many independent trajectories (fresh start every 50 frames) so the 2 % bound is meaningful at ρ = 0.99.
    for (int chain = 0; chain < 400; chain++) {
      FadingState prev = null;
      for (int f = 0; f < 50; f++) {
        ChannelOutput out = SIM.transmit(x, cfg, "chain-" + chain, f, prev);
        for (int k = 0; k < 100; k++) {
          power += out.gains()[2 * k] * out.gains()[2 * k] + out.gains()[2 * k + 1] * out.gains()[2 * k + 1];
        }
        count += 100;
        prev = out.next();
      }
    }
    assertEquals(1.0, power / count, 0.02);
  }

  @Test
  void fastFadingContinuesAcrossFramesOnlyWhenGivenThePreviousState() {
    double rho = 0.9;
    ChannelConfig cfg = ChannelConfig.rayleighFast(10, true, rho);
    float[] x = qpsk(4, 4);
    double chained = 0;
    double fresh = 0;
    double power = 0;
    FadingState prev = null;
    float[] lastGains = null;
    int frames = 20_000;
    for (int f = 0; f < frames; f++) {
      ChannelOutput out = SIM.transmit(x, cfg, "s", f, prev);
      ChannelOutput unchained = SIM.transmit(x, cfg, "s", f, null);
      float[] g = out.gains();
      assertEquals(g[6], out.next().re(), 0.0, "next is the frame's last gain");
      assertEquals(g[7], out.next().im(), 0.0);
      if (lastGains != null) {
        chained += g[0] * lastGains[6] + g[1] * lastGains[7];
        fresh += unchained.gains()[0] * lastGains[6] + unchained.gains()[1] * lastGains[7];
        power += lastGains[6] * lastGains[6] + lastGains[7] * lastGains[7];
      }
      prev = out.next();
      lastGains = g;
    }
    assertEquals(rho, chained / power, 0.03, "first gain follows the previous frame's last gain");
    assertEquals(0.0, fresh / power, 0.03, "without state every frame starts afresh");
  }

  @Test
  void sameSeedStreamAndSeqGiveIdenticalOutputAndAnyChangeGivesAnother() {
    float[] x = qpsk(1000, 5);
    ChannelConfig cfg = ChannelConfig.rayleighFast(7, true, 0.95);
    FadingState prev = new FadingState(0.3, -0.8);
    ChannelOutput a = SIM.transmit(x, cfg, "cam-1", 17, prev);
    ChannelOutput b = new ChannelSimulator(42L).transmit(x.clone(), cfg, "cam-1", 17, prev);
    assertArrayEquals(a.iq(), b.iq());
    assertArrayEquals(a.gains(), b.gains());
    assertEquals(a.realisedSnrDb(), b.realisedSnrDb());
    assertEquals(a.next(), b.next());

    assertFalse(Arrays.equals(a.iq(), SIM.transmit(x, cfg, "cam-1", 18, prev).iq()), "other seq");
    assertFalse(Arrays.equals(a.iq(), SIM.transmit(x, cfg, "cam-2", 17, prev).iq()), "other stream");
    assertFalse(Arrays.equals(a.iq(), new ChannelSimulator(43L).transmit(x, cfg, "cam-1", 17, prev).iq()),
        "other run seed");
  }

  @Test
  void noiseIsTheSameDrawWhateverTheFadingModel() {
    // Common random numbers: y - h x must be the same noise under AWGN and under fading without CSI.
    float[] x = qpsk(500, 6);
    ChannelOutput awgn = SIM.transmit(x, ChannelConfig.awgn(5), "s", 9, null);
    ChannelConfig fading = ChannelConfig.rayleighBlock(5, true);
    ChannelOutput withCsi = SIM.transmit(x, fading, "s", 9, null);
    ChannelOutput noCsi = SIM.transmit(x, ChannelConfig.rayleighBlock(5, false), "s", 9, null);
    float hr = withCsi.gains()[0];
    float hi = withCsi.gains()[1];
    for (int k = 0; k < 500; k++) {
      double nAwgn = awgn.iq()[2 * k] - x[2 * k];
      double nFaded = noCsi.iq()[2 * k] - (hr * x[2 * k] - hi * x[2 * k + 1]);
      assertEquals(nAwgn, nFaded, 1e-5);
    }
  }

  @Test
  void csiEqualisationBeatsRawReceptionUnderBlockFading() {
    int frames = 200;
    int n = 256;
    double mseCsi = 0;
    double mseRaw = 0;
    for (int f = 0; f < frames; f++) {
      float[] x = qpsk(n, f);
      ChannelOutput csi = SIM.transmit(x, ChannelConfig.rayleighBlock(10, true), "s", f, null);
      ChannelOutput raw = SIM.transmit(x, ChannelConfig.rayleighBlock(10, false), "s", f, null);
      assertNotNull(csi.gains());
      assertEquals(x.length, csi.gains().length);
      assertNull(raw.gains(), "no CSI, no gains");
      mseCsi += mse(x, csi.iq());
      mseRaw += mse(x, raw.iq());
    }
    mseCsi /= frames;
    mseRaw /= frames;
    assertTrue(mseCsi < 0.5 * mseRaw, "MSE with CSI " + mseCsi + " vs without " + mseRaw);
    assertTrue(mseCsi < 0.3, "MMSE at 10 dB should land well inside the constellation, got " + mseCsi);
  }

  @Test
  void mmseEqualisationMatchesTheFormula() {
    float[] x = qpsk(64, 8);
    ChannelConfig cfg = ChannelConfig.rayleighFast(3, true, 0.7);
    ChannelOutput eq = SIM.transmit(x, cfg, "s", 1, null);
    ChannelOutput raw = SIM.transmit(x, ChannelConfig.rayleighFast(3, false, 0.7), "s", 1, null);
    double n0 = Math.pow(10, -0.3);
    for (int k = 0; k < 64; k++) {
      double hr = eq.gains()[2 * k];
      double hi = eq.gains()[2 * k + 1];
      double yr = raw.iq()[2 * k];
      double yi = raw.iq()[2 * k + 1];
      double d = hr * hr + hi * hi + n0;
      assertEquals((hr * yr + hi * yi) / d, eq.iq()[2 * k], 1e-5);
      assertEquals((hr * yi - hi * yr) / d, eq.iq()[2 * k + 1], 1e-5);
    }
  }

  @Test
  void inputIsNotModifiedAndOddLengthIsRejected() {
    float[] x = qpsk(100, 9);
    float[] copy = x.clone();
    SIM.transmit(x, ChannelConfig.rayleighBlock(0, true), "s", 0, null);
    assertArrayEquals(copy, x);
    assertThrows(IllegalArgumentException.class,
        () -> SIM.transmit(new float[3], ChannelConfig.awgn(0), "s", 0, null));
  }

  @Test
  void noiselessLinkAndEmptyPacket() {
    float[] x = qpsk(10, 10);
    ChannelOutput clean = SIM.transmit(x, ChannelConfig.awgn(Double.POSITIVE_INFINITY), "s", 0, null);
    assertArrayEquals(x, clean.iq());
    assertEquals(Double.POSITIVE_INFINITY, clean.realisedSnrDb());
    ChannelOutput empty = SIM.transmit(new float[0], ChannelConfig.rayleighFast(4, true, 0.9), "s", 0, null);
    assertEquals(0, empty.iq().length);
    assertEquals(4.0, empty.realisedSnrDb());
  }

  private static double mse(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s / (a.length / 2.0);
  }
}
