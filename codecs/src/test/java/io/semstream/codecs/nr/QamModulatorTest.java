package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QamModulatorTest {
  private static final QamModulator[] ALL = {QamModulator.QPSK, QamModulator.QAM16, QamModulator.QAM64,
      QamModulator.QAM256};

  static byte[] randomBits(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(2);
    }
    return b;
  }

  private static byte[] bits(String s) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (s.charAt(i) - '0');
    }
    return b;
  }

  /** Points of TS 38.211 §5.1.3–5.1.6, checked against the formulas' values by hand. */
  @Test
  void pointsFollow38211() {
    double s2 = Math.sqrt(2);
    double s10 = Math.sqrt(10);
    double s42 = Math.sqrt(42);
    double s170 = Math.sqrt(170);
    assertPoint(QamModulator.QPSK, "00", 1 / s2, 1 / s2);
    assertPoint(QamModulator.QPSK, "10", -1 / s2, 1 / s2);
    assertPoint(QamModulator.QPSK, "01", 1 / s2, -1 / s2);
    assertPoint(QamModulator.QAM16, "0000", 1 / s10, 1 / s10);
    assertPoint(QamModulator.QAM16, "0010", 3 / s10, 1 / s10);
    assertPoint(QamModulator.QAM16, "1011", -3 / s10, 3 / s10);
    assertPoint(QamModulator.QAM64, "000000", 3 / s42, 3 / s42);
    assertPoint(QamModulator.QAM64, "001010", 7 / s42, 3 / s42);   // I: 4 - (-1)(2 - (-1)) = 7
    assertPoint(QamModulator.QAM64, "000010", 1 / s42, 3 / s42);   // I: 4 - (2 - (-1)) = 1
    assertPoint(QamModulator.QAM64, "001000", 5 / s42, 3 / s42);   // I: 4 - (-1)(2 - 1) = 5
    assertPoint(QamModulator.QAM64, "110101", -3 / s42, -7 / s42);
    assertPoint(QamModulator.QAM256, "00000000", 5 / s170, 5 / s170);
    assertPoint(QamModulator.QAM256, "00101010", 15 / s170, 5 / s170); // I: 8 + (4 + (2 + 1)) = 15
    assertPoint(QamModulator.QAM256, "10000011", -7 / s170, 7 / s170); // I: -(8 - (4 - (2 + 1))); Q the same
  }

  /** Unit average power over the whole constellation, and Gray: neighbours on an axis differ in one bit. */
  @Test
  void unitPowerAndGrayNeighbours() {
    for (QamModulator q : ALL) {
      int qm = q.bitsPerSymbol();
      int points = 1 << qm;
      double power = 0;
      java.util.TreeMap<Double, Integer> iAxis = new java.util.TreeMap<>();
      for (int v = 0; v < points; v++) {
        byte[] b = new byte[qm];
        for (int k = 0; k < qm; k++) {
          b[k] = (byte) ((v >>> (qm - 1 - k)) & 1);
        }
        double[] p = q.point(b, 0);
        power += p[0] * p[0] + p[1] * p[1];
        int even = 0;
        for (int k = 0; k < qm; k += 2) {
          even = (even << 1) | b[k];
        }
        iAxis.put(Math.round(p[0] * 1e9) / 1e9, even);
      }
      assertEquals(1.0, power / points, 1e-12, q + " average power");
      assertEquals(1 << (qm / 2), iAxis.size(), q + " distinct I levels");
      Integer prev = null;
      for (int label : iAxis.values()) {
        if (prev != null) {
          assertEquals(1, Integer.bitCount(prev ^ label), q + " neighbouring I levels differ in more than one bit");
        }
        prev = label;
      }
    }
  }

  /** Erfc to about 1e-7 relative (Numerical Recipes' Chebyshev fit), enough for a 10 % tolerance. */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
        + t * 0.17087277)))))))));
    return x >= 0 ? ans : 2 - ans;
  }

  /**
   * Exact bit error rate of Gray-coded square M-QAM over AWGN (Cho and Yoon, IEEE Trans. Commun. 50(7),
   * 2002, eq. 14-16), for Es/N0 per complex symbol.
   */
  static double closedFormBer(int qm, double esN0) {
    int sqrtM = 1 << (qm / 2);
    int m = qm / 2;
    double sum = 0;
    for (int k = 1; k <= m; k++) {
      double pk = 0;
      int terms = (int) ((1 - Math.pow(2, -k)) * sqrtM);
      for (int i = 0; i < terms; i++) {
        double w = Math.floor(i * Math.pow(2, k - 1) / sqrtM);
        double sign = ((long) w % 2 == 0) ? 1 : -1;
        double weight = Math.pow(2, k - 1) - Math.floor(i * Math.pow(2, k - 1) / sqrtM + 0.5);
        pk += sign * weight * erfc((2 * i + 1) * Math.sqrt(3 * esN0 / (2 * ((double) sqrtM * sqrtM - 1))));
      }
      sum += pk / sqrtM;
    }
    return sum / m;
  }

  /**
   * The test: uncoded BER (hard decisions of the max-log LLRs) of each QAM over the project's
   * AWGN channel within 10 % of the closed form at three SNRs each.
   */
  @Test
  void uncodedAwgnBerMatchesClosedForm() {
    double[][] snrs = {{0, 4, 7}, {6, 10, 13}, {12, 16, 19}, {18, 22, 25}};
    ChannelSimulator channel = new ChannelSimulator(9);
    for (int q = 0; q < ALL.length; q++) {
      QamModulator mod = ALL[q];
      for (double snr : snrs[q]) {
        double expected = closedFormBer(mod.bitsPerSymbol(), Math.pow(10, snr / 10));
        // Enough bits for about 3000 errors (3.7 % relative standard deviation of the estimate at most).
        int symbols = (int) Math.min(1_000_000, Math.max(50_000, 3000 / expected / mod.bitsPerSymbol()));
        byte[] tx = randomBits(symbols * mod.bitsPerSymbol(), (long) (snr * 100) + q);
        ChannelOutput out = channel.transmit(mod.modulate(tx), ChannelConfig.awgn(snr), "ber-" + mod, (long) snr, null);
        byte[] rx = QamModulator.hardDecision(mod.demapAwgn(out.iq(), Math.pow(10, -snr / 10)));
        long errors = 0;
        for (int i = 0; i < tx.length; i++) {
          errors += tx[i] ^ rx[i];
        }
        double ber = (double) errors / tx.length;
        System.out.printf("%s at %4.1f dB: BER %.3e, closed form %.3e (%d bits)%n", mod, snr, ber, expected, tx.length);
        assertEquals(expected, ber, 0.10 * expected, mod + " at " + snr + " dB");
      }
    }
  }

  /**
   * Rayleigh with CSI: QPSK over independent per-symbol fading, demapped from the channel's MMSE output
   * with the gains; its BER matches the closed form 0.5(1 − sqrt(γ/(1 + γ))), γ = Es/(2 N0). The same
   * LLRs come from the raw y with the gains.
   */
  @Test
  void rayleighWithCsi() {
    ChannelSimulator channel = new ChannelSimulator(21);
    double snr = 10;
    double n0 = Math.pow(10, -snr / 10);
    int symbols = 200_000;
    byte[] tx = randomBits(2 * symbols, 5);
    float[] x = QamModulator.QPSK.modulate(tx);
    ChannelOutput out = channel.transmit(x, ChannelConfig.rayleighFast(snr, true, 0.0), "ray", 1, null);
    float[] llr = QamModulator.QPSK.demapMmse(out.iq(), out.gains(), n0);
    byte[] rx = QamModulator.hardDecision(llr);
    long errors = 0;
    for (int i = 0; i < tx.length; i++) {
      errors += tx[i] ^ rx[i];
    }
    double gamma = Math.pow(10, snr / 10) / 2;
    double expected = 0.5 * (1 - Math.sqrt(gamma / (1 + gamma)));
    double ber = (double) errors / tx.length;
    System.out.printf("QPSK Rayleigh+CSI at %.0f dB: BER %.3e, closed form %.3e%n", snr, ber, expected);
    assertEquals(expected, ber, 0.10 * expected);

    // Raw y = h x + n from the MMSE output: y = ŷ (|h|² + N0) / h*.
    float[] g = out.gains();
    float[] y = new float[x.length];
    for (int k = 0; k < symbols; k++) {
      double hr = g[2 * k];
      double hi = g[2 * k + 1];
      double p = hr * hr + hi * hi;
      double er = out.iq()[2 * k] * (p + n0);
      double ei = out.iq()[2 * k + 1] * (p + n0);
      // divide by conj(h) = multiply by h / |h|²
      y[2 * k] = (float) ((er * hr - ei * hi) / p);
      y[2 * k + 1] = (float) ((er * hi + ei * hr) / p);
    }
    float[] llr2 = QamModulator.QPSK.demapWithGains(y, g, n0);
    for (int i = 0; i < 2000; i++) {
      assertEquals(llr[i], llr2[i], 1e-3 * Math.max(1, Math.abs(llr[i])), "LLR " + i);
    }
  }

  @Test
  void noiselessLlrsGiveTheBitsBack() {
    for (QamModulator q : ALL) {
      byte[] tx = randomBits(q.bitsPerSymbol() * 1000, 3);
      float[] llr = q.demapAwgn(q.modulate(tx), 0.01);
      assertArrayEquals(tx, QamModulator.hardDecision(llr), q.toString());
      for (float v : llr) {
        assertTrue(Math.abs(v) > 1, q + ": a noiseless LLR should be confident");
      }
      float[] unitGains = new float[tx.length / q.bitsPerSymbol() * 2];
      for (int k = 0; k < unitGains.length; k += 2) {
        unitGains[k] = 1f;
      }
      assertArrayEquals(llr, q.demapWithGains(q.modulate(tx), unitGains, 0.01), 1e-3f, q + " unit gains = AWGN");
      double[] variances = new double[tx.length / q.bitsPerSymbol()];
      java.util.Arrays.fill(variances, 0.01);
      assertArrayEquals(llr, q.demap(q.modulate(tx), variances), 1e-3f, q + " equalised, constant variance = AWGN");
    }
  }

  private static void assertPoint(QamModulator q, String b, double i, double qv) {
    double[] p = q.point(bits(b), 0);
    assertEquals(i, p[0], 1e-12, q + " " + b + " I");
    assertEquals(qv, p[1], 1e-12, q + " " + b + " Q");
  }
}
