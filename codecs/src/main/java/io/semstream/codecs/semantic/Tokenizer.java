package io.semstream.codecs.semantic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokenisation and reorganisation for a batch of tiles: the network's patch tokens go through the
 * encoder's blocks, and after each block a round of bipartite soft matching ({@link TokenGroups}) brings
 * every tile's count down along a geometric path from 64 to its own K; extra rounds after the last block
 * finish the job when touching pairs ran short. Tiles of one batch may have different K: each holds
 * {@code max K} slots, the unused ones with zero features and a key bias that hides them.
 */
public final class Tokenizer {
  /** Key bias of an empty slot: exp(−1e4) is exactly zero in float. */
  static final float HIDDEN = -1e4f;

  /**
   * The tiles' tokens and their groups.
   *
   * @param tokens [B, maxCount, D]; tile i's tokens in its first {@code groups.get(i).count()} rows
   * @param groups per tile, which patches each token covers (the source map)
   */
  public record Tokens(NDArray tokens, List<TokenGroups> groups) {
    public int maxCount() {
      return groups.stream().mapToInt(TokenGroups::count).max().orElse(0);
    }
  }

  private Tokenizer() {}

  /** Tokenises {@code tiles} [B, 3, 256, 256], tile i down to {@code counts[i]} tokens. */
  public static Tokens tokenise(SemanticNetwork net, ParameterStore ps, NDArray tiles, int[] counts,
      boolean training) {
    int b = counts.length;
    NDManager m = tiles.getManager();
    NDArray x = net.embed(ps, tiles, training);
    List<TokenGroups> groups = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      if (counts[i] < 1 || counts[i] > SemanticNetwork.PATCHES) {
        throw new IllegalArgumentException("a tile takes 1 to " + SemanticNetwork.PATCHES + " tokens, not " + counts[i]);
      }
      groups.add(TokenGroups.patches(SemanticNetwork.GRID, SemanticNetwork.GRID));
    }
    int blocks = SemanticNetwork.ENCODER_BLOCKS;
    for (int round = 0; round < blocks; round++) {
      x = net.encoderBlock(ps, round, x, keyBias(m, groups, (int) x.getShape().get(1)), training);
      int[] targets = new int[b];
      for (int i = 0; i < b; i++) {
        double fraction = (round + 1.0) / blocks;
        targets[i] = (int) Math.round(SemanticNetwork.PATCHES * Math.pow(counts[i] / (double) SemanticNetwork.PATCHES,
            fraction));
      }
      x = merge(m, x, groups, targets);
    }
    for (int extra = 0; extra < SemanticNetwork.PATCHES && !reached(groups, counts); extra++) {
      x = merge(m, x, groups, counts);
    }
    if (!reached(groups, counts)) {
      throw new IllegalStateException("token merging did not reach its counts");
    }
    return new Tokens(x, groups);
  }

  /** [B, maxCount] key bias: log(size) for a token, {@link #HIDDEN} for an empty slot. */
  public static NDArray keyBias(NDManager m, List<TokenGroups> groups, int slots) {
    float[] bias = new float[groups.size() * slots];
    for (int i = 0; i < groups.size(); i++) {
      int[] sizes = groups.get(i).sizes();
      for (int s = 0; s < slots; s++) {
        bias[i * slots + s] = s < sizes.length ? (float) Math.log(sizes[s]) : HIDDEN;
      }
    }
    return m.create(bias, new Shape(groups.size(), slots));
  }

  /** [B, 64, slots] one-hot unmerge matrices: patch p of tile i takes its token's row. */
  public static NDArray unmerge(NDManager m, List<TokenGroups> groups, int slots) {
    float[] u = new float[groups.size() * SemanticNetwork.PATCHES * slots];
    for (int i = 0; i < groups.size(); i++) {
      float[] one = groups.get(i).unmergeMatrix(slots);
      System.arraycopy(one, 0, u, i * one.length, one.length);
    }
    return m.create(u, new Shape(groups.size(), SemanticNetwork.PATCHES, slots));
  }

  private static boolean reached(List<TokenGroups> groups, int[] counts) {
    for (int i = 0; i < counts.length; i++) {
      if (groups.get(i).count() > counts[i]) {
        return false;
      }
    }
    return true;
  }

  /** One round per tile towards its target; returns the merged [B, newMax, D] tokens. */
  private static NDArray merge(NDManager m, NDArray x, List<TokenGroups> groups, int[] targets) {
    int b = groups.size();
    int slots = (int) x.getShape().get(1);
    int dim = (int) x.getShape().get(2);
    float[] features = x.toFloatArray();
    List<float[]> merges = new ArrayList<>();
    int[] before = new int[b];
    int newMax = 0;
    for (int i = 0; i < b; i++) {
      TokenGroups g = groups.get(i);
      before[i] = g.count();
      int r = Math.min(g.count() - targets[i], g.count() / 2);
      float[] own = new float[g.count() * dim];
      System.arraycopy(features, i * slots * dim, own, 0, own.length);
      merges.add(g.mergeRound(own, dim, Math.max(0, r)));
      newMax = Math.max(newMax, g.count());
    }
    float[] matrix = new float[b * newMax * slots];
    for (int i = 0; i < b; i++) {
      float[] mi = merges.get(i);
      int rows = groups.get(i).count(), cols = before[i];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(mi, r * cols, matrix, (i * newMax + r) * slots, cols);
      }
    }
    return m.create(matrix, new Shape(b, newMax, slots)).matMul(x);
  }
}
