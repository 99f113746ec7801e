package io.semstream.codecs.nr;

import java.util.Arrays;
import java.util.Objects;

/**
 * The LDPC data path of a 5G NR shared channel for one transport block, per TS 38.212 §7.2: transport
 * block CRC (§7.2.1), base-graph selection (§7.2.2), code-block segmentation with code-block CRC
 * (§5.2.2), LDPC encoding (§5.3.2), rate matching with bit interleaving (§5.4.2) and code-block
 * concatenation (§5.5), and the receiver's inverse down to "the CRC passed or it did not".
 *
 * <p>The transport block size is free-form (the caller's payload, a whole number of bytes) rather than
 * one of TS 38.214's TBS values; it is padded with zero bits to the smallest size whose segmentation
 * divides evenly, which is the property the 38.214 sizes are built to have. Both ends derive the
 * padding from the payload size, so it costs no signalling.
 */
public final class TransportBlockCoder {
  /** LLR magnitude of a filler bit, a known zero. */
  private static final float FILLER_LLR = 1e6f;
  /** Channel LLRs are clipped here, so an infinite SNR gives large but finite values. */
  private static final float LLR_CLIP = 512f;

  private final LdpcDecoder decoder;

  public TransportBlockCoder(LdpcDecoder decoder) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
  }

  public LdpcDecoder decoder() {
    return decoder;
  }

  /**
   * Everything both ends derive from (payload size, G, Qm, R).
   *
   * @param payloadBits the caller's bits
   * @param a transport block size A: the payload plus zero padding
   * @param tbCrc the transport block CRC
   * @param segmentation code blocks of A + CRC bits
   * @param g total coded bits G (a multiple of Qm)
   * @param qm modulation order
   * @param codeRate the target rate R the base graph was chosen for
   * @param e rate-matching output length E_r of each block
   */
  public record Plan(int payloadBits, int a, Crc tbCrc, Segmentation segmentation, int g, int qm, double codeRate,
      int[] e) {

    /** (A + all CRC bits) / G: the code rate actually used. */
    public double effectiveRate() {
      return (double) (a + tbCrc.length() + segmentation.blocks() * segmentation.cbCrcLength()) / g;
    }
  }

  /**
   * A for a payload: the smallest multiple of 8 not below it whose B = A + CRC splits evenly into code
   * blocks of the base graph §7.2.2 picks for (A, R).
   */
  public static int transportBlockBits(int payloadBits, double codeRate) {
    if (payloadBits <= 0) {
      throw new IllegalArgumentException("payload must be at least one bit, got " + payloadBits);
    }
    int a = ((payloadBits + 7) / 8) * 8;
    while (true) {
      int b = a + Segmentation.transportBlockCrc(a).length();
      if (Segmentation.splitsEvenly(b, Segmentation.selectBaseGraph(a, codeRate))) {
        return a;
      }
      a += 8;
    }
  }

  /** The plan for a payload; throws when G cannot carry it at all. */
  public static Plan plan(int payloadBits, int g, int qm, double codeRate) {
    if (!(codeRate > 0 && codeRate < 1)) {
      throw new IllegalArgumentException("code rate must be in (0, 1), got " + codeRate);
    }
    int a = transportBlockBits(payloadBits, codeRate);
    Crc crc = Segmentation.transportBlockCrc(a);
    int bg = Segmentation.selectBaseGraph(a, codeRate);
    Segmentation seg = Segmentation.of(a + crc.length(), bg);
    if (seg.kPrime() <= 2 * seg.z()) {
      throw new IllegalArgumentException("transport block of " + a + " bits is too small for LDPC");
    }
    int[] e = RateMatcher.outputLengths(g, seg.blocks(), qm);
    for (int er : e) {
      if (er <= 0) {
        throw new IllegalArgumentException("G = " + g + " coded bits leave nothing for some of the "
            + seg.blocks() + " code blocks of a " + a + "-bit transport block");
      }
    }
    return new Plan(payloadBits, a, crc, seg, g, qm, codeRate, e);
  }

  /**
   * The largest payload (a multiple of 8 bits) whose transport block, with all its CRC bits, fits in
   * floor(G·R) bits, so the code rate used does not exceed R; 0 when not even one byte fits.
   */
  public static int maxPayloadBits(int g, int qm, double codeRate) {
    long budget = (long) Math.floor(g * codeRate);
    long start = ((budget - 16) / 8) * 8;
    for (long p = start; p >= 8; p -= 8) {
      int a = transportBlockBits((int) p, codeRate);
      Crc crc = Segmentation.transportBlockCrc(a);
      Segmentation seg = Segmentation.of(a + crc.length(), Segmentation.selectBaseGraph(a, codeRate));
      long used = (long) a + crc.length() + (long) seg.blocks() * seg.cbCrcLength();
      if (used <= budget && seg.kPrime() > 2 * seg.z()) {
        return (int) p;
      }
    }
    return 0;
  }

  /** Encodes payload bits (one per byte) into G coded bits. */
  public static byte[] encode(byte[] payload, Plan plan) {
    if (payload.length != plan.payloadBits()) {
      throw new IllegalArgumentException("plan is for " + plan.payloadBits() + " bits, got " + payload.length);
    }
    Segmentation seg = plan.segmentation();
    byte[] tb = Arrays.copyOf(payload, plan.a());
    byte[] b = plan.tbCrc().attach(tb);
    LdpcEncoder encoder = new LdpcEncoder(seg.code());
    int z = seg.z();
    int kPrime = seg.kPrime();
    int per = seg.payloadPerBlock();
    int n = seg.n();
    byte[] out = new byte[plan.g()];
    int at = 0;
    for (int r = 0; r < seg.blocks(); r++) {
      byte[] c = new byte[seg.k()];
      System.arraycopy(b, r * per, c, 0, per);
      if (seg.cbCrcLength() > 0) {
        Crc.CRC24B.writeParity(Crc.CRC24B.remainder(c, 0, per), c, per);
      }
      byte[] cw = encoder.encode(c);
      byte[] d = Arrays.copyOfRange(cw, 2 * z, 2 * z + n);
      byte[] f = RateMatcher.match(d, kPrime - 2 * z, seg.k() - 2 * z, plan.e()[r], plan.qm());
      System.arraycopy(f, 0, out, at, f.length);
      at += f.length;
    }
    return out;
  }

  /**
   * The receiver's outcome.
   *
   * @param payload the payload bits when every check passed, else null
   * @param crcOk whether the transport block CRC (and every code-block CRC) passed
   * @param failedBlock the first code block that failed, or -1
   * @param maxIterations the most LDPC iterations any decoded block took
   */
  public record Decoded(byte[] payload, boolean crcOk, int failedBlock, int maxIterations) {}

  /**
   * Decodes G LLRs (positive = 0). Stops at the first code block that fails: one failed block loses the
   * transport block, so decoding the rest would only spend time.
   */
  public Decoded decode(float[] llr, Plan plan) {
    if (llr.length != plan.g()) {
      throw new IllegalArgumentException("plan is for G = " + plan.g() + " LLRs, got " + llr.length);
    }
    Segmentation seg = plan.segmentation();
    LdpcCode code = seg.code();
    int z = seg.z();
    int n = seg.n();
    int kPrime = seg.kPrime();
    int fillerStart = kPrime - 2 * z;
    int fillerEnd = seg.k() - 2 * z;
    int per = seg.payloadPerBlock();
    byte[] b = new byte[seg.b()];
    int at = 0;
    int maxIter = 0;
    for (int r = 0; r < seg.blocks(); r++) {
      int e = plan.e()[r];
      float[] d = new float[n];
      RateMatcher.dematch(llr, at, e, plan.qm(), d, fillerStart, fillerEnd);
      at += e;
      float[] full = new float[code.codewordLength()];
      for (int i = 0; i < n; i++) {
        float v = d[i];
        full[2 * z + i] = v > LLR_CLIP ? LLR_CLIP : (v < -LLR_CLIP ? -LLR_CLIP : (v != v ? 0f : v));
      }
      for (int i = fillerStart; i < fillerEnd; i++) {
        full[2 * z + i] = FILLER_LLR;
      }
      int read = e <= fillerStart ? e : e + (fillerEnd - fillerStart);
      int lastColumn = (Math.min(read, n) + 2 * z + z - 1) / z;
      LdpcDecoder.Result res = decoder.decode(code, full, code.rowsForColumns(lastColumn));
      maxIter = Math.max(maxIter, res.iterations());
      byte[] c = res.bits();
      boolean ok = res.converged();
      if (ok && seg.cbCrcLength() > 0) {
        ok = Crc.CRC24B.check(c, 0, kPrime);
      }
      if (!ok) {
        return new Decoded(null, false, r, maxIter);
      }
      System.arraycopy(c, 0, b, r * per, per);
    }
    if (!plan.tbCrc().check(b)) {
      return new Decoded(null, false, seg.blocks() - 1, maxIter);
    }
    return new Decoded(Arrays.copyOf(b, plan.payloadBits()), true, -1, maxIter);
  }
}
