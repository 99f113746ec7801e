package io.semstream.codecs.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenGroupsTest {
  private static final int DIM = 6;

  @Test
  void aRoundMergesTheMostSimilarTouchingPairsBySizeWeightedMean() {
    // 1×4 strip: tokens 0 and 1 are identical, 2 and 3 differ from everything.
    TokenGroups g = TokenGroups.patches(1, 4);
    float[] f = {1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    float[] merge = g.mergeRound(f, DIM, 1);
    assertEquals(3, g.count());
    assertArrayEquals(new int[] {0, 0, 1, 2}, g.sourceMap());
    // Row 0 averages old tokens 0 and 1 (one patch each); rows 1 and 2 copy tokens 2 and 3.
    assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, merge);
    assertArrayEquals(new int[] {2, 1, 1}, g.sizes());
  }

  @Test
  void mergingAlwaysReachesItsCountWithConnectedRegionsInFirstAppearanceOrder() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int trial = 0; trial < 50; trial++) {
      TokenGroups g = TokenGroups.patches(8, 8);
      int target = 10 + rng.nextInt(21);
      for (int round = 0; round < 64 && g.count() > target; round++) {
        float[] f = new float[g.count() * DIM];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) rng.nextGaussian();
        }
        int before = g.count();
        float[] m = g.mergeRound(f, DIM, Math.min(before - target, before / 2));
        assertEquals(g.count() * before, m.length);
        for (int r = 0; r < g.count(); r++) {
          double sum = 0;
          for (int c = 0; c < before; c++) {
            sum += m[r * before + c];
          }
          assertEquals(1.0, sum, 1e-6, "each merged token is a weighted mean");
        }
        assertTrue(g.count() < before, "every round makes progress");
      }
      assertEquals(target, g.count());
      int[] map = g.sourceMap();
      TokenGroups.fromMap(8, 8, map); // canonical order, or it throws
      for (int t = 0; t < g.count(); t++) {
        assertTrue(connected(map, 8, 8, t), "token " + t + " covers one connected region");
      }
    }
  }

  @Test
  void aMapOutOfOrderIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TokenGroups.fromMap(1, 3, new int[] {1, 0, 0}));
    assertThrows(IllegalArgumentException.class, () -> TokenGroups.fromMap(1, 3, new int[] {0, 0}));
  }

  static boolean connected(int[] map, int rows, int cols, int token) {
    int start = -1, size = 0;
    for (int p = 0; p < map.length; p++) {
      if (map[p] == token) {
        size++;
        start = start < 0 ? p : start;
      }
    }
    boolean[] seen = new boolean[map.length];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    seen[start] = true;
    int reached = 0;
    while (!queue.isEmpty()) {
      int p = queue.poll();
      reached++;
      int r = p / cols, c = p % cols;
      int[][] next = {{r - 1, c}, {r + 1, c}, {r, c - 1}, {r, c + 1}};
      for (int[] n : next) {
        int q = n[0] * cols + n[1];
        if (n[0] >= 0 && n[0] < rows && n[1] >= 0 && n[1] < cols && !seen[q] && map[q] == token) {
          seen[q] = true;
          queue.add(q);
        }
      }
    }
    return reached == size;
  }
}
