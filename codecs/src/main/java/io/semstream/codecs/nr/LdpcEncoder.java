package io.semstream.codecs.nr;

import java.util.HashMap;
import java.util.Map;

/**
 * Systematic 5G NR LDPC encoding (TS 38.212 §5.3.2) by the structure of the base graphs rather than by a
 * dense generator matrix:
 *
 * <ol>
 *   <li>The core: rows 0..3 over the information columns and the four core parity columns
 *       Kb..Kb+3. Parity columns Kb+1..Kb+3 form a double diagonal (each appears in exactly two core
 *       rows with shift 0), so adding the four core rows cancels them and leaves one lifted block on
 *       the first parity column: P·p0 = λ0 + λ1 + λ2 + λ3, where λi is row i's information part. That
 *       gives p0; rows 0, 1 and 2 then give p1, p2 and p3 one after the other.</li>
 *   <li>The extension: every row i ≥ 4 has one parity column of its own, Kb + i, with shift 0 (the
 *       identity diagonal), so that parity is the sum of the row's other lifted blocks.</li>
 * </ol>
 *
 * The constructor checks that the base graph has this structure and refuses one that has not.
 */
public final class LdpcEncoder {
  private final LdpcCode code;
  private final BaseGraphs.Graph g;
  private final int z;
  private final int kb;
  /** The shift of the single P·p0 block left after adding the four core rows. */
  private final int p0Shift;

  public LdpcEncoder(LdpcCode code) {
    this.code = code;
    this.g = code.graph();
    this.z = code.z();
    this.kb = g.infoColumns();
    this.p0Shift = checkStructure();
  }

  public LdpcCode code() {
    return code;
  }

  /**
   * Encodes K = Kb·Z information bits (fillers as 0) into the full codeword of columns·Z bits, the
   * first K of which are the information bits themselves.
   */
  public byte[] encode(byte[] info) {
    int k = code.infoLength();
    if (info.length != k) {
      throw new IllegalArgumentException("LDPC " + code + " encodes " + k + " bits, got " + info.length);
    }
    byte[] cw = new byte[code.codewordLength()];
    System.arraycopy(info, 0, cw, 0, k);

    // λ0..λ3: information part of each core row.
    byte[][] lambda = new byte[4][z];
    for (int i = 0; i < 4; i++) {
      for (int e = g.rowStart(i); e < g.rowStart(i + 1); e++) {
        if (g.column(e) < kb) {
          LdpcCode.addShifted(lambda[i], cw, g.column(e) * z, code.shift(e), z);
        }
      }
    }
    // p0 from the sum of the four core rows: P_s p0 = Σλ, i.e. p0[(r + s) mod z] = Σλ[r].
    int p0Base = kb * z;
    for (int r = 0; r < z; r++) {
      int sum = lambda[0][r] ^ lambda[1][r] ^ lambda[2][r] ^ lambda[3][r];
      int m = r + p0Shift;
      if (m >= z) {
        m -= z;
      }
      cw[p0Base + m] = (byte) sum;
    }
    // p1..p3: row i (i = 0..2) gives column kb+i+1 from the columns before it.
    for (int i = 0; i < 3; i++) {
      byte[] acc = lambda[i];
      int target = kb + i + 1;
      for (int e = g.rowStart(i); e < g.rowStart(i + 1); e++) {
        int c = g.column(e);
        if (c >= kb && c != target) {
          LdpcCode.addShifted(acc, cw, c * z, code.shift(e), z);
        }
      }
      System.arraycopy(acc, 0, cw, target * z, z);
    }
    // Extension rows: parity column kb + i is the sum of the row's other blocks.
    byte[] acc = new byte[z];
    for (int i = 4; i < g.rows(); i++) {
      java.util.Arrays.fill(acc, (byte) 0);
      int target = kb + i;
      for (int e = g.rowStart(i); e < g.rowStart(i + 1); e++) {
        if (g.column(e) != target) {
          LdpcCode.addShifted(acc, cw, g.column(e) * z, code.shift(e), z);
        }
      }
      System.arraycopy(acc, 0, cw, target * z, z);
    }
    return cw;
  }

  /** Verifies the core and extension structure the encoder relies on; returns the shift of P·p0. */
  private int checkStructure() {
    if (g.columns() != kb + g.rows()) {
      throw new IllegalStateException(g + ": expected columns = Kb + rows");
    }
    // Core parity columns kb+1..kb+3: each exactly twice in rows 0..3, equal shifts, and nowhere after
    // the row that solves for it.
    for (int j = kb + 1; j < kb + 4; j++) {
      int count = 0;
      int firstShift = -1;
      for (int i = 0; i < 4; i++) {
        int e = g.entryAt(i, j);
        if (e < 0) {
          continue;
        }
        count++;
        if (firstShift < 0) {
          firstShift = code.shift(e);
        } else if (code.shift(e) != firstShift) {
          throw new IllegalStateException(g + " Z=" + z + ": core parity column " + j + " has unequal shifts");
        }
      }
      if (count != 2) {
        throw new IllegalStateException(g + ": core parity column " + j + " appears " + count + " times in rows 0..3");
      }
      int solvingRow = j - kb - 1;
      int e = g.entryAt(solvingRow, j);
      if (e < 0 || code.shift(e) != 0) {
        throw new IllegalStateException(g + ": row " + solvingRow + " must hold column " + j + " with shift 0");
      }
      for (int i = 0; i < solvingRow; i++) {
        if (g.entryAt(i, j) >= 0) {
          throw new IllegalStateException(g + ": column " + j + " appears in row " + i + " before it is solved");
        }
      }
    }
    // p0 blocks: pairs with equal shifts cancel; exactly one must remain.
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      int e = g.entryAt(i, kb);
      if (e >= 0) {
        counts.merge(code.shift(e), 1, Integer::sum);
      }
    }
    int odd = -1;
    for (Map.Entry<Integer, Integer> c : counts.entrySet()) {
      if (c.getValue() % 2 == 1) {
        if (odd >= 0) {
          throw new IllegalStateException(g + " Z=" + z + ": the core does not reduce to a single block on p0");
        }
        odd = c.getKey();
      }
    }
    if (odd < 0) {
      throw new IllegalStateException(g + " Z=" + z + ": the core is singular on p0");
    }
    // Extension: row i's parity column kb + i, shift 0, degree 1, and the row's highest column.
    for (int i = 4; i < g.rows(); i++) {
      int target = kb + i;
      int e = g.entryAt(i, target);
      if (e < 0 || code.shift(e) != 0 || g.columnDegree(target) != 1
          || g.column(g.rowStart(i + 1) - 1) != target) {
        throw new IllegalStateException(g + ": extension row " + i + " lacks its identity parity column " + target);
      }
    }
    return odd;
  }
}
