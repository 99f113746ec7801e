package io.semstream.codecs.nr;

import java.util.Objects;

/**
 * One lifted 5G NR LDPC code: a base graph and a lifting size Z. The parity-check matrix H has
 * rows·Z rows and columns·Z columns; the codeword holds every column, including the 2Z systematic bits
 * that rate matching punctures (TS 38.212 §5.3.2 computes the parity over all of them).
 *
 * <p>Bits are one per byte, 0 or 1; block column j occupies codeword[j·Z, (j+1)·Z).
 */
public final class LdpcCode {
  private final BaseGraphs.Graph graph;
  private final int z;
  private final int[] shift; // per entry, V mod Z

  public LdpcCode(BaseGraphs.Graph graph, int z) {
    this.graph = Objects.requireNonNull(graph, "graph");
    BaseGraphs.setIndex(z); // validates
    this.z = z;
    this.shift = new int[graph.entries()];
    for (int e = 0; e < shift.length; e++) {
      shift[e] = graph.shift(e, z);
    }
  }

  public BaseGraphs.Graph graph() { return graph; }

  public int z() { return z; }

  /** K = Kb·Z information bits (22Z for BG1, 10Z for BG2), fillers included. */
  public int infoLength() { return graph.infoColumns() * z; }

  /** All columns: 68Z (BG1) or 52Z (BG2). */
  public int codewordLength() { return graph.columns() * z; }

  /** N of TS 38.212: the encoder output after the 2Z punctured bits, 66Z (BG1) or 50Z (BG2). */
  public int n() { return (graph.columns() - 2) * z; }

  /** Lifted shift of base-graph entry e. */
  int shift(int entry) { return shift[entry]; }

  /**
   * Base-graph rows the decoder needs when only the codeword bits before {@code lastColumnExclusive}
   * block columns can carry information: the 4 core rows plus one extension row per parity column that
   * was (at least partly) sent. An extension row whose degree-1 parity column was never sent can only
   * ever send zero-magnitude messages, so it is skipped.
   */
  public int rowsForColumns(int lastColumnExclusive) {
    int core = graph.infoColumns() + 4;
    int rows = 4 + Math.max(0, lastColumnExclusive - core);
    return Math.min(graph.rows(), rows);
  }

  /** Whether every parity check of the first {@code rows} base-graph rows is satisfied. */
  public boolean satisfiesChecks(byte[] codeword, int rows) {
    if (codeword.length != codewordLength()) {
      throw new IllegalArgumentException("codeword has " + codeword.length + " bits; this code has "
          + codewordLength());
    }
    byte[] acc = new byte[z];
    for (int i = 0; i < rows; i++) {
      java.util.Arrays.fill(acc, (byte) 0);
      for (int e = graph.rowStart(i); e < graph.rowStart(i + 1); e++) {
        addShifted(acc, codeword, graph.column(e) * z, shift[e], z);
      }
      for (int r = 0; r < z; r++) {
        if (acc[r] != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** All rows. */
  public boolean satisfiesAllChecks(byte[] codeword) {
    return satisfiesChecks(codeword, graph.rows());
  }

  /** acc[r] ^= x[base + (r + s) mod z] for r in [0, z). */
  static void addShifted(byte[] acc, byte[] x, int base, int s, int z) {
    int split = z - s;
    for (int r = 0; r < split; r++) {
      acc[r] ^= x[base + r + s];
    }
    for (int r = split; r < z; r++) {
      acc[r] ^= x[base + r - split];
    }
  }

  @Override
  public String toString() {
    return "BG" + graph.number() + " Z=" + z;
  }
}
