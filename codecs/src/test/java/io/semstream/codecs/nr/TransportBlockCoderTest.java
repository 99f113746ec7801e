package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransportBlockCoderTest {

  @Test
  void segmentationFollows38212() {
    // One block up to Kcb, no code-block CRC.
    Segmentation s = Segmentation.of(8448, 1);
    assertEquals(1, s.blocks());
    assertEquals(0, s.cbCrcLength());
    assertEquals(384, s.z());
    // B = 10000 on BG1: C = ceil(10000 / 8424) = 2, B' = 10048, K' = 5024, Zc = 240 (22·228 < 5024 ≤ 22·240).
    s = Segmentation.of(10000, 1);
    assertEquals(2, s.blocks());
    assertEquals(24, s.cbCrcLength());
    assertEquals(5024, s.kPrime());
    assertEquals(240, s.z());
    assertEquals(5280, s.k());
    assertEquals(256, s.fillers());
    // BG2, B = 500 > 192: Kb = 8, Zc = 64 (8·62 < 500 ≤ 8·64), K = 10·Zc.
    s = Segmentation.of(500, 2);
    assertEquals(64, s.z());
    assertEquals(640, s.k());
    // BG2, B = 100: Kb = 6, Zc = 18 (6·16 < 100 ≤ 6·18).
    assertEquals(18, Segmentation.of(100, 2).z());
    // Base graph choice (§7.2.2) and TB CRC (§7.2.1).
    assertEquals(2, Segmentation.selectBaseGraph(292, 0.9));
    assertEquals(1, Segmentation.selectBaseGraph(293, 0.9));
    assertEquals(2, Segmentation.selectBaseGraph(3824, 0.67));
    assertEquals(1, Segmentation.selectBaseGraph(3824, 0.68));
    assertEquals(2, Segmentation.selectBaseGraph(100000, 0.25));
    assertEquals(1, Segmentation.selectBaseGraph(3825, 0.5));
    assertEquals(Crc.CRC16, Segmentation.transportBlockCrc(3824));
    assertEquals(Crc.CRC24A, Segmentation.transportBlockCrc(3825));
  }

  @Test
  void rateMatchingInverseRecoversSignsAndAddsRepeats() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 500;
    byte[] d = LdpcEncoderTest.randomBits(n, r);
    int fs = 100;
    int fe = 140;
    for (int qm : new int[] {2, 4, 6, 8}) {
      for (int e : new int[] {8 * 30, 8 * 57, 8 * 150}) { // shorter than, close to, and longer than the buffer
        byte[] f = RateMatcher.match(d, fs, fe, e, qm);
        float[] llr = new float[e];
        for (int i = 0; i < e; i++) {
          llr[i] = f[i] == 0 ? 1f : -1f;
        }
        float[] back = new float[n];
        RateMatcher.dematch(llr, 0, e, qm, back, fs, fe);
        int sent = n - (fe - fs);
        for (int i = 0; i < n; i++) {
          if (i >= fs && i < fe) {
            assertEquals(0f, back[i], "filler " + i + " is never sent");
            continue;
          }
          int logical = i < fs ? i : i - (fe - fs); // position among the non-filler bits
          int copies = e / sent + (logical < e % sent ? 1 : 0);
          float expected = copies * (d[i] == 0 ? 1f : -1f);
          assertEquals(expected, back[i], 0f, "qm " + qm + " E " + e + " bit " + i);
        }
      }
    }
    int[] lengths = RateMatcher.outputLengths(6 * 1001, 4, 6);
    assertArrayEquals(new int[] {6 * 250, 6 * 250, 6 * 250, 6 * 251}, lengths);
  }

  /** Noiseless round trips across both base graphs, single and multiple code blocks, every QAM order. */
  @Test
  void noiselessRoundTrip() {
    SplittableRandom r = new SplittableRandom(11);
    TransportBlockCoder coder = new TransportBlockCoder(new LdpcDecoder());
    int[][] cases = { // payload bits, G, Qm; rates from 0.12 (repetition) to 0.9
        {64, 600, 2}, {200, 800, 2}, {600, 1200, 4}, {1000, 1600, 4}, {3000, 9000, 6}, {4000, 8000, 2},
        {20000, 24000, 8}, {30000, 79998, 6}, {5000, 5600, 8}};
    for (int[] c : cases) {
      double rate = (double) c[0] / c[1] * 1.1;
      TransportBlockCoder.Plan plan = TransportBlockCoder.plan(c[0], c[1], c[2], Math.min(0.93, rate));
      byte[] payload = LdpcEncoderTest.randomBits(c[0], r);
      byte[] g = TransportBlockCoder.encode(payload, plan);
      assertEquals(c[1], g.length);
      float[] llr = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        llr[i] = g[i] == 0 ? 4f : -4f;
      }
      TransportBlockCoder.Decoded out = coder.decode(llr, plan);
      assertTrue(out.crcOk(), "case " + java.util.Arrays.toString(c));
      assertArrayEquals(payload, out.payload());
      // A burst of erased-and-flipped LLRs the size of the whole block must not pass the CRC.
      for (int i = 0; i < g.length; i++) {
        llr[i] = r.nextBoolean() ? 1f : -1f;
      }
      TransportBlockCoder.Decoded junk = coder.decode(llr, plan);
      assertFalse(junk.crcOk());
      assertNull(junk.payload());
    }
  }

  @Test
  void maxPayloadKeepsTheRateAtOrBelowTheTarget() {
    for (int g : new int[] {400, 3000, 20000, 150000}) {
      for (double rate : new double[] {0.19, 0.44, 0.66, 0.93}) {
        int p = TransportBlockCoder.maxPayloadBits(g, 2, rate);
        assertTrue(p > 0 && p % 8 == 0);
        TransportBlockCoder.Plan plan = TransportBlockCoder.plan(p, g, 2, rate);
        assertTrue(plan.effectiveRate() <= rate + 1e-12, "G " + g + " R " + rate + ": " + plan.effectiveRate());
        assertTrue(plan.effectiveRate() > rate - 0.03 - 600.0 / g, "G " + g + " R " + rate + " wastes room: "
            + plan.effectiveRate());
      }
    }
  }

  /**
   * The waterfall: BG1, rate 1/2, QPSK, 4000 information bits per block (a 3976-bit transport
   * block with its 24-bit CRC), AWGN from the project's channel simulator. Eb/N0 → Es/N0 adds
   * 10·log10(2 bits × 1/2) = 0 dB. BLER < 10 % at 2 dB and > 50 % at 0 dB, 200 blocks each.
   */
  @Test
  void bg1RateHalfQpskWaterfall() {
    int payload = 3976;
    int g = 8000;
    TransportBlockCoder.Plan plan = TransportBlockCoder.plan(payload, g, 2, 0.5);
    assertEquals(1, plan.segmentation().graph().number(), "BG1");
    assertEquals(3976, plan.a());
    assertEquals(4000, plan.segmentation().kPrime());
    assertEquals(0.5, plan.effectiveRate(), 1e-12);
    int blocks = 200;
    double bler2 = bler(plan, 2.0, blocks);
    double bler0 = bler(plan, 0.0, blocks);
    System.out.printf("BG1 R=1/2 QPSK K=4000: BLER %.3f at Eb/N0 0 dB, %.3f at 2 dB (%d blocks each)%n",
        bler0, bler2, blocks);
    assertTrue(bler2 < 0.10, "BLER at 2 dB = " + bler2);
    assertTrue(bler0 > 0.50, "BLER at 0 dB = " + bler0);
  }

  private static double bler(TransportBlockCoder.Plan plan, double ebN0Db, int blocks) {
    double esN0Db = ebN0Db + 10 * Math.log10(2 * 0.5);
    ChannelSimulator channel = new ChannelSimulator(2024);
    ChannelConfig awgn = ChannelConfig.awgn(esN0Db);
    TransportBlockCoder coder = new TransportBlockCoder(new LdpcDecoder());
    SplittableRandom r = new SplittableRandom(77);
    double n0 = Math.pow(10, -esN0Db / 10);
    int errors = 0;
    for (int b = 0; b < blocks; b++) {
      byte[] payload = LdpcEncoderTest.randomBits(plan.payloadBits(), r);
      float[] iq = QamModulator.QPSK.modulate(TransportBlockCoder.encode(payload, plan));
      float[] rx = channel.transmit(iq, awgn, "bler-" + ebN0Db, b, null).iq();
      TransportBlockCoder.Decoded out = coder.decode(QamModulator.QPSK.demapAwgn(rx, n0), plan);
      if (!out.crcOk() || !java.util.Arrays.equals(out.payload(), payload)) {
        errors++;
      }
    }
    return (double) errors / blocks;
  }
}
