package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The shape of the transcribed tables: a slip in a row or column number changes a degree; a slip in a
 * core or extension shift breaks the structure the encoder needs; a slip in any shift shows in the
 * encoder's parity test and, if it left the shift out of range, here.
 */
class BaseGraphsTest {
  /** Row degrees of Table 5.3.2-2 (BG1), row by row. */
  private static final int[] BG1_ROW_DEGREES = {19, 19, 19, 19, 3, 8, 9, 7, 10, 9, 7, 8, 7, 6, 7, 7, 6, 6, 6, 6, 6,
      6, 5, 5, 6, 5, 5, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 5, 5, 4, 5, 4, 5, 5, 4};
  /** Row degrees of Table 5.3.2-3 (BG2). */
  private static final int[] BG2_ROW_DEGREES = {8, 10, 8, 10, 4, 6, 6, 6, 4, 5, 5, 5, 4, 5, 5, 4, 5, 5, 4, 4, 4, 4, 3,
      4, 4, 3, 5, 3, 4, 3, 5, 3, 4, 4, 4, 4, 4, 3, 4, 4, 4, 4};
  /** Largest lifting size of each set iLS = 0..7; every V_ij of that set is below it. */
  private static final int[] MAX_Z_OF_SET = {256, 384, 320, 224, 288, 352, 208, 240};

  @Test
  void liftingSizesAreTable5321() {
    int[] z = BaseGraphs.liftingSizes();
    assertEquals(51, z.length);
    assertEquals(2, z[0]);
    assertEquals(384, z[50]);
    int[] sets = {0, 1, 0, 2, 1, 3, 0, 4, 2, 5, 1, 6, 3, 7, 0};
    for (int a = 2; a <= 15; a++) {
      if (a == 4 || a == 6 || a == 8 || a == 10 || a == 12 || a == 14) {
        continue;
      }
      for (int zz = a; zz <= 384; zz *= 2) {
        assertTrue(BaseGraphs.isLiftingSize(zz));
        assertEquals(sets[a - 2], BaseGraphs.setIndex(zz), "set of Z=" + zz);
      }
    }
    assertEquals(false, BaseGraphs.isLiftingSize(17));
    assertEquals(false, BaseGraphs.isLiftingSize(416));
    assertEquals(208, BaseGraphs.smallestLiftingSizeAtLeast(193));
  }

  @Test
  void bg1Shape() {
    BaseGraphs.Graph g = BaseGraphs.bg1();
    checkShape(g, 46, 68, 22, 316, BG1_ROW_DEGREES);
    assertEquals(30, g.columnDegree(0), "BG1 column 0: the first punctured high-degree column");
    assertEquals(28, g.columnDegree(1), "BG1 column 1");
    // Core p0 column (22) in rows 0, 1, 3: V = 1, 0, 1, except set 6: 0, 105, 0.
    int[] rows = {0, 1, 3};
    int[][] v = {{1, 1, 1, 1, 1, 1, 0, 1}, {0, 0, 0, 0, 0, 0, 105, 0}, {1, 1, 1, 1, 1, 1, 0, 1}};
    for (int k = 0; k < 3; k++) {
      int e = g.entryAt(rows[k], 22);
      assertTrue(e >= 0);
      for (int s = 0; s < 8; s++) {
        assertEquals(v[k][s], g.coefficient(e, s), "BG1 (" + rows[k] + ", 22) set " + s);
      }
    }
    assertEquals(-1, g.entryAt(2, 22));
  }

  @Test
  void bg2Shape() {
    BaseGraphs.Graph g = BaseGraphs.bg2();
    checkShape(g, 42, 52, 10, 197, BG2_ROW_DEGREES);
    assertEquals(22, g.columnDegree(0));
    assertEquals(23, g.columnDegree(1));
    // Core p0 column (10) in rows 0, 2, 3: V = 0, 1, 0, except sets 3 and 7: 1, 0, 1.
    int[] rows = {0, 2, 3};
    int[][] v = {{0, 0, 0, 1, 0, 0, 0, 1}, {1, 1, 1, 0, 1, 1, 1, 0}, {0, 0, 0, 1, 0, 0, 0, 1}};
    for (int k = 0; k < 3; k++) {
      int e = g.entryAt(rows[k], 10);
      assertTrue(e >= 0);
      for (int s = 0; s < 8; s++) {
        assertEquals(v[k][s], g.coefficient(e, s), "BG2 (" + rows[k] + ", 10) set " + s);
      }
    }
    assertEquals(-1, g.entryAt(1, 10));
  }

  private static void checkShape(BaseGraphs.Graph g, int rows, int cols, int kb, int entries, int[] rowDegrees) {
    assertEquals(rows, g.rows());
    assertEquals(cols, g.columns());
    assertEquals(kb, g.infoColumns());
    assertEquals(entries, g.entries());
    int[] degrees = new int[rows];
    for (int i = 0; i < rows; i++) {
      degrees[i] = g.rowDegree(i);
    }
    assertArrayEquals(rowDegrees, degrees, g + " row degrees");
    // Every information column is used, several times.
    for (int j = 0; j < kb; j++) {
      assertTrue(g.columnDegree(j) >= 2, g + " info column " + j + " has degree " + g.columnDegree(j));
    }
    // Core (rows 0..3): parity columns kb+1..kb+3 form the double diagonal: column kb+1 in rows 0 and
    // 1, kb+2 in rows 1 and 2, kb+3 in rows 2 and 3, shift 0; p0 (column kb) in three of the four rows.
    for (int j = kb + 1; j <= kb + 3; j++) {
      int r0 = j - kb - 1;
      for (int i = 0; i < 4; i++) {
        int e = g.entryAt(i, j);
        if (i == r0 || i == r0 + 1) {
          assertTrue(e >= 0, g + " core (" + i + ", " + j + ") missing");
          for (int s = 0; s < 8; s++) {
            assertEquals(0, g.coefficient(e, s), g + " core (" + i + ", " + j + ") shift");
          }
        } else {
          assertEquals(-1, e, g + " core column " + j + " in row " + i);
        }
      }
    }
    int p0 = 0;
    for (int i = 0; i < 4; i++) {
      p0 += g.entryAt(i, kb) >= 0 ? 1 : 0;
    }
    assertEquals(3, p0, g + " p0 column in the core");
    // The core rows touch no extension column; extension row i has the identity on column kb + i only.
    for (int i = 0; i < 4; i++) {
      for (int j = kb + 4; j < cols; j++) {
        assertEquals(-1, g.entryAt(i, j));
      }
    }
    for (int i = 4; i < rows; i++) {
      for (int j = kb + 4; j < cols; j++) {
        int e = g.entryAt(i, j);
        if (j == kb + i) {
          assertTrue(e >= 0, g + " extension identity (" + i + ", " + j + ")");
          for (int s = 0; s < 8; s++) {
            assertEquals(0, g.coefficient(e, s));
          }
        } else {
          assertEquals(-1, e, g + " extension (" + i + ", " + j + ")");
        }
      }
    }
    for (int e = 0; e < g.entries(); e++) {
      for (int s = 0; s < 8; s++) {
        int v = g.coefficient(e, s);
        assertTrue(v >= 0 && v < MAX_Z_OF_SET[s], g + " entry (" + g.row(e) + ", " + g.column(e) + ") set " + s
            + " has V = " + v);
      }
    }
  }
}
