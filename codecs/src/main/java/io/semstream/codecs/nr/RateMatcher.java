package io.semstream.codecs.nr;

/**
 * LDPC rate matching of TS 38.212 §5.4.2 for one code block, redundancy version 0, no limited-buffer
 * rate matching (Ncb = N):
 *
 * <ul>
 *   <li>bit selection: the N encoder output bits d (the 2Z first systematic bits already punctured by
 *       the encoder's output definition) form a circular buffer read from k0 = 0; filler bits are
 *       skipped (shortening), and reading wraps round when E exceeds what the buffer holds
 *       (repetition);</li>
 *   <li>bit interleaving (§5.4.2.2): the E selected bits are written row by row into Qm rows and read
 *       out column by column, so each modulation symbol takes one bit from each of Qm stretches of the
 *       block (systematic bits land on the better-protected positions of the higher-order QAMs).</li>
 * </ul>
 *
 * The inverse works on LLRs and adds up the repeats of a bit.
 */
public final class RateMatcher {
  private RateMatcher() {}

  /**
   * E_r of §5.4.2.1 for C code blocks sharing G coded bits (one layer, all blocks scheduled): every block
   * gets Qm·floor(G/(Qm·C)) bits, the last G/Qm mod C blocks Qm more.
   */
  public static int[] outputLengths(int g, int blocks, int qm) {
    if (g % qm != 0) {
      throw new IllegalArgumentException("G = " + g + " is not a multiple of Qm = " + qm);
    }
    int symbols = g / qm;
    int small = qm * (symbols / blocks);
    int bigFrom = blocks - symbols % blocks;
    int[] e = new int[blocks];
    for (int r = 0; r < blocks; r++) {
      e[r] = r < bigFrom ? small : small + qm;
    }
    return e;
  }

  /**
   * Rate-matches one block.
   *
   * @param d the N encoder output bits (fillers may hold anything; they are skipped)
   * @param fillerStart first filler position in d (K' − 2Z)
   * @param fillerEnd end of the fillers in d (K − 2Z)
   * @param e number of output bits E
   * @param qm modulation order, the interleaver's row count
   */
  public static byte[] match(byte[] d, int fillerStart, int fillerEnd, int e, int qm) {
    checkArgs(d.length, fillerStart, fillerEnd, e, qm);
    int n = d.length;
    byte[] sel = new byte[e];
    int j = 0;
    for (int k = 0; k < e; j++) {
      int idx = j % n;
      if (idx >= fillerStart && idx < fillerEnd) {
        continue;
      }
      sel[k++] = d[idx];
    }
    byte[] f = new byte[e];
    int cols = e / qm;
    for (int i = 0; i < qm; i++) {
      for (int c = 0; c < cols; c++) {
        f[i + c * qm] = sel[i * cols + c];
      }
    }
    return f;
  }

  /**
   * The inverse on LLRs: de-interleaves f[off..off+e) and adds each value to its position in
   * {@code dLlr} (length N); positions never sent stay as they were (0 for a fresh array).
   */
  public static void dematch(float[] f, int off, int e, int qm, float[] dLlr, int fillerStart, int fillerEnd) {
    checkArgs(dLlr.length, fillerStart, fillerEnd, e, qm);
    int n = dLlr.length;
    int cols = e / qm;
    int j = 0;
    for (int k = 0; k < e; j++) {
      int idx = j % n;
      if (idx >= fillerStart && idx < fillerEnd) {
        continue;
      }
      // k = i·cols + c came from f[i + c·qm]
      int i = k / cols;
      int c = k - i * cols;
      dLlr[idx] += f[off + i + c * qm];
      k++;
    }
  }

  private static void checkArgs(int n, int fillerStart, int fillerEnd, int e, int qm) {
    if (e % qm != 0) {
      throw new IllegalArgumentException("E = " + e + " is not a multiple of Qm = " + qm);
    }
    if (fillerStart < 0 || fillerEnd < fillerStart || fillerEnd > n || fillerEnd - fillerStart >= n) {
      throw new IllegalArgumentException("filler range [" + fillerStart + ", " + fillerEnd + ") invalid for N = " + n);
    }
  }
}
