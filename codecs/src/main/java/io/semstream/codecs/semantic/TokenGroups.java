package io.semstream.codecs.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which patches each token of one tile stands for, and the rounds of bipartite soft matching that merge
 * them (the ToMe algorithm, as SemCod reorganises patch tokens into semantic ones).
 *
 * <p>A round: the current tokens, in order, alternate between set A (even positions) and set B (odd);
 * every A token finds its most similar B token by cosine similarity of their features; the {@code r}
 * best such pairs merge, each A token folding into its B token. Merged features are the size-weighted
 * mean of their members (sizes counted in patches), so a token is always the mean of the patches it
 * covers as far as the merge is concerned.
 *
 * <p>Two choices of this implementation:
 * <ul>
 *   <li>A token only matches tokens whose patches touch its own (4-neighbourhood on the patch grid), so
 *       every token covers one connected region. The source map then codes in about a bit per patch
 *       ({@link SourceMap}), where free matching would cost close to log2(K) bits per patch: at the
 *       rates this family is for, that difference is a third of the channel.</li>
 *   <li>Tokens are kept ordered by their first patch in raster order. The ordering is a function of
 *       the map alone, so the receiver rebuilds it from the map, and the map's coder can exploit it: a
 *       patch's token is either one already seen or exactly the next new index.</li>
 * </ul>
 */
public final class TokenGroups {
  private final int gridRows;
  private final int gridCols;
  /** tokenOf[p]: the current token index of patch p. */
  private final int[] tokenOf;
  private int count;

  private TokenGroups(int gridRows, int gridCols, int[] tokenOf, int count) {
    this.gridRows = gridRows;
    this.gridCols = gridCols;
    this.tokenOf = tokenOf;
    this.count = count;
  }

  /** One token per patch, in raster order. */
  public static TokenGroups patches(int gridRows, int gridCols) {
    int n = gridRows * gridCols;
    int[] tokenOf = new int[n];
    for (int p = 0; p < n; p++) {
      tokenOf[p] = p;
    }
    return new TokenGroups(gridRows, gridCols, tokenOf, n);
  }

  /**
   * The groups a map describes; the map must be in canonical order (token ids appear first in raster
   * order as 0, 1, 2, ...) and its regions connected, as {@link #sourceMap()} gives.
   */
  public static TokenGroups fromMap(int gridRows, int gridCols, int[] map) {
    if (map.length != gridRows * gridCols) {
      throw new IllegalArgumentException("map of " + map.length + " patches for a " + gridRows + "x" + gridCols
          + " grid");
    }
    int next = 0;
    for (int t : map) {
      if (t > next || t < 0) {
        throw new IllegalArgumentException("map is not in first-appearance order at token " + t);
      }
      if (t == next) {
        next++;
      }
    }
    return new TokenGroups(gridRows, gridCols, map.clone(), next);
  }

  public int count() {
    return count;
  }

  public int patchCount() {
    return tokenOf.length;
  }

  /** Patch → token, canonical order; a copy. */
  public int[] sourceMap() {
    return tokenOf.clone();
  }

  /** Patches per token. */
  public int[] sizes() {
    int[] s = new int[count];
    for (int t : tokenOf) {
      s[t]++;
    }
    return s;
  }

  /**
   * One round of matching on the current tokens' features ({@code features[t·dim ..]}, {@code count()}
   * rows), merging up to {@code r} pairs; returns the merge as a [newCount × oldCount] matrix of
   * size-weighted averaging weights (row-major), and updates the groups. Fewer than {@code r} merges
   * happen when fewer A tokens have a touching B token.
   */
  public float[] mergeRound(float[] features, int dim, int r) {
    int n = count;
    if (r <= 0 || n < 2) {
      return identity(n);
    }
    boolean[][] touching = adjacency();
    int[] sizes = sizes();
    double[] norms = new double[n];
    for (int t = 0; t < n; t++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        double v = features[t * dim + d];
        s += v * v;
      }
      norms[t] = Math.sqrt(s) + 1e-12;
    }
    List<double[]> edges = new ArrayList<>();
    for (int a = 0; a < n; a += 2) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int b = 1; b < n; b += 2) {
        if (!touching[a][b]) {
          continue;
        }
        double score = cosine(features, dim, norms, a, b);
        if (score > bestScore) {
          bestScore = score;
          best = b;
        }
      }
      if (best >= 0) {
        edges.add(new double[] {bestScore, a, best});
      }
    }
    if (edges.isEmpty()) {
      // Every touching pair sits on one side of the split (possible once regions are large): merge the
      // most similar touching pair whatever its sides, so every round makes progress.
      for (int a = 0; a < n; a++) {
        for (int b = a + 1; b < n; b++) {
          if (touching[a][b]) {
            edges.add(new double[] {cosine(features, dim, norms, a, b), b, a});
          }
        }
      }
      r = 1;
    }
    // Best first; ties by position, so the outcome depends on the features alone.
    edges.sort(Comparator.<double[]>comparingDouble(e -> -e[0]).thenComparingDouble(e -> e[1]));
    int[] into = new int[n];
    for (int t = 0; t < n; t++) {
      into[t] = t;
    }
    for (int i = 0; i < Math.min(r, edges.size()); i++) {
      into[(int) edges.get(i)[1]] = (int) edges.get(i)[2];
    }
    // New ids: the merged groups renumbered by first patch in raster order.
    int[] renumber = new int[n];
    Arrays.fill(renumber, -1);
    int next = 0;
    int[] newTokenOf = new int[tokenOf.length];
    for (int p = 0; p < tokenOf.length; p++) {
      int root = into[tokenOf[p]];
      if (renumber[root] < 0) {
        renumber[root] = next++;
      }
      newTokenOf[p] = renumber[root];
    }
    float[] merge = new float[next * n];
    int[] newSizes = new int[next];
    for (int t = 0; t < n; t++) {
      newSizes[renumber[into[t]]] += sizes[t];
    }
    for (int t = 0; t < n; t++) {
      int j = renumber[into[t]];
      merge[j * n + t] = sizes[t] / (float) newSizes[j];
    }
    System.arraycopy(newTokenOf, 0, tokenOf, 0, tokenOf.length);
    count = next;
    return merge;
  }

  private static double cosine(float[] features, int dim, double[] norms, int a, int b) {
    double dot = 0;
    for (int d = 0; d < dim; d++) {
      dot += (double) features[a * dim + d] * features[b * dim + d];
    }
    return dot / (norms[a] * norms[b]);
  }

  /** [patches × count] one-hot: row p selects patch p's token (the unmerge). */
  public float[] unmergeMatrix(int columns) {
    float[] u = new float[tokenOf.length * columns];
    for (int p = 0; p < tokenOf.length; p++) {
      u[p * columns + tokenOf[p]] = 1f;
    }
    return u;
  }

  private float[] identity(int n) {
    float[] m = new float[n * n];
    for (int i = 0; i < n; i++) {
      m[i * n + i] = 1f;
    }
    return m;
  }

  /** Whether tokens a and b cover patches that share an edge. */
  private boolean[][] adjacency() {
    boolean[][] touching = new boolean[count][count];
    for (int r = 0; r < gridRows; r++) {
      for (int c = 0; c < gridCols; c++) {
        int t = tokenOf[r * gridCols + c];
        if (c + 1 < gridCols) {
          touch(touching, t, tokenOf[r * gridCols + c + 1]);
        }
        if (r + 1 < gridRows) {
          touch(touching, t, tokenOf[(r + 1) * gridCols + c]);
        }
      }
    }
    return touching;
  }

  private static void touch(boolean[][] touching, int t, int u) {
    if (t != u) {
      touching[t][u] = true;
      touching[u][t] = true;
    }
  }
}
