package io.semstream.codecs.nr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two 5G NR LDPC base graphs (TS 38.212 §5.3.2, Tables 5.3.2-2 and 5.3.2-3) and the lifting sizes of
 * Table 5.3.2-1. The shift coefficients live in the data resources {@code classical/ldpc-bg1.txt} and
 * {@code classical/ldpc-bg2.txt}, one line per non-zero entry.
 */
public final class BaseGraphs {
  /** The a of Z = a·2^j, in lifting-size set order iLS = 0..7. */
  private static final int[] SET_BASE = {2, 3, 5, 7, 9, 11, 13, 15};
  private static final int MAX_Z = 384;
  private static final int[] SET_OF_Z = new int[MAX_Z + 1];
  private static final int[] LIFTING_SIZES;

  static {
    Arrays.fill(SET_OF_Z, -1);
    List<Integer> sizes = new ArrayList<>();
    for (int set = 0; set < SET_BASE.length; set++) {
      for (int z = SET_BASE[set]; z <= MAX_Z; z *= 2) {
        SET_OF_Z[z] = set;
        sizes.add(z);
      }
    }
    LIFTING_SIZES = sizes.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private static volatile Graph bg1;
  private static volatile Graph bg2;

  private BaseGraphs() {}

  /** Base graph 1: 46 × 68, 22 information columns. */
  public static Graph bg1() {
    Graph g = bg1;
    if (g == null) {
      synchronized (BaseGraphs.class) {
        if (bg1 == null) {
          bg1 = load(1, 46, 68, 22, "classical/ldpc-bg1.txt");
        }
        g = bg1;
      }
    }
    return g;
  }

  /** Base graph 2: 42 × 52, 10 information columns. */
  public static Graph bg2() {
    Graph g = bg2;
    if (g == null) {
      synchronized (BaseGraphs.class) {
        if (bg2 == null) {
          bg2 = load(2, 42, 52, 10, "classical/ldpc-bg2.txt");
        }
        g = bg2;
      }
    }
    return g;
  }

  public static Graph of(int number) {
    switch (number) {
      case 1: return bg1();
      case 2: return bg2();
      default: throw new IllegalArgumentException("5G NR LDPC has base graphs 1 and 2, not " + number);
    }
  }

  /** The 51 lifting sizes of Table 5.3.2-1, ascending. */
  public static int[] liftingSizes() {
    return LIFTING_SIZES.clone();
  }

  public static boolean isLiftingSize(int z) {
    return z >= 2 && z <= MAX_Z && SET_OF_Z[z] >= 0;
  }

  /** The set index iLS of a lifting size (Table 5.3.2-1). */
  public static int setIndex(int z) {
    if (!isLiftingSize(z)) {
      throw new IllegalArgumentException(z + " is not a 5G NR LDPC lifting size (Table 5.3.2-1)");
    }
    return SET_OF_Z[z];
  }

  /** The smallest lifting size Z with Z ≥ minimum. */
  public static int smallestLiftingSizeAtLeast(int minimum) {
    for (int z : LIFTING_SIZES) {
      if (z >= minimum) {
        return z;
      }
    }
    throw new IllegalArgumentException("no lifting size reaches " + minimum + " (largest is " + MAX_Z + ")");
  }

  private static Graph load(int number, int rows, int columns, int infoColumns, String resource) {
    List<int[]> lines = new ArrayList<>();
    try (InputStream in = BaseGraphs.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("LDPC base graph resource " + resource + " is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        line = line.trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\s+");
        if (f.length != 10) {
          throw new IllegalStateException(resource + ":" + lineNo + ": expected row, column and 8 shifts, got "
              + f.length + " fields");
        }
        int[] v = new int[10];
        for (int i = 0; i < 10; i++) {
          v[i] = Integer.parseInt(f[i]);
        }
        if (v[0] < 0 || v[0] >= rows || v[1] < 0 || v[1] >= columns) {
          throw new IllegalStateException(resource + ":" + lineNo + ": entry (" + v[0] + ", " + v[1]
              + ") outside " + rows + " x " + columns);
        }
        lines.add(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    lines.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    return new Graph(number, rows, columns, infoColumns, lines);
  }

  /**
   * One base graph: its non-zero entries sorted by row then column. Entry e sits at
   * ({@link #row(int) row(e)}, {@link #column(int) column(e)}) and lifts, for lifting size Z, to the
   * Z × Z identity shifted right by {@link #shift(int, int) shift(e, Z)} = V mod Z: check r of block
   * row i involves bit (r + shift) mod Z of block column j.
   */
  public static final class Graph {
    private final int number;
    private final int rows;
    private final int columns;
    private final int infoColumns;
    private final int[] row;
    private final int[] column;
    private final int[][] shifts; // [entry][iLS]
    private final int[] rowStart; // rows + 1 offsets into the entries

    private Graph(int number, int rows, int columns, int infoColumns, List<int[]> entries) {
      this.number = number;
      this.rows = rows;
      this.columns = columns;
      this.infoColumns = infoColumns;
      int n = entries.size();
      row = new int[n];
      column = new int[n];
      shifts = new int[n][8];
      rowStart = new int[rows + 1];
      for (int e = 0; e < n; e++) {
        int[] v = entries.get(e);
        if (e > 0 && v[0] == row[e - 1] && v[1] == column[e - 1]) {
          throw new IllegalStateException("base graph " + number + " lists entry (" + v[0] + ", " + v[1] + ") twice");
        }
        row[e] = v[0];
        column[e] = v[1];
        System.arraycopy(v, 2, shifts[e], 0, 8);
        rowStart[v[0] + 1]++;
      }
      for (int i = 0; i < rows; i++) {
        rowStart[i + 1] += rowStart[i];
      }
    }

    /** 1 or 2. */
    public int number() { return number; }

    public int rows() { return rows; }

    public int columns() { return columns; }

    /** Kb of the largest code: 22 for BG1, 10 for BG2 (the code-block size is infoColumns · Z). */
    public int infoColumns() { return infoColumns; }

    /** Number of non-zero entries (316 for BG1, 197 for BG2). */
    public int entries() { return row.length; }

    public int row(int entry) { return row[entry]; }

    public int column(int entry) { return column[entry]; }

    /** V_i,j of Table 5.3.2-2/3 for set index iLS, before the mod Z. */
    public int coefficient(int entry, int setIndex) { return shifts[entry][setIndex]; }

    /** The shift of the lifted block for lifting size z: V mod Z. */
    public int shift(int entry, int z) {
      return shifts[entry][setIndex(z)] % z;
    }

    /** First entry of a row; the row's entries are [rowStart(i), rowStart(i + 1)). */
    public int rowStart(int i) { return rowStart[i]; }

    public int rowDegree(int i) { return rowStart[i + 1] - rowStart[i]; }

    public int columnDegree(int j) {
      int d = 0;
      for (int c : column) {
        if (c == j) {
          d++;
        }
      }
      return d;
    }

    /** Entry index at (i, j), or -1 where the base graph has a zero. */
    public int entryAt(int i, int j) {
      for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
        if (column[e] == j) {
          return e;
        }
      }
      return -1;
    }

    @Override
    public String toString() {
      return "BG" + number + " (" + rows + " x " + columns + ", " + entries() + " entries)";
    }
  }
}
