package io.semstream.codecs.semantic;

import io.semstream.codecs.entropy.Cdf;
import io.semstream.codecs.entropy.RangeDecoder;
import io.semstream.codecs.entropy.RangeEncoder;
import java.util.Arrays;

/**
 * Range coding of a tile's source map (patch → token, canonical order, connected regions) with adaptive
 * counts, patch by patch in raster order. Each patch codes one of: the token of its left neighbour, the
 * token of its upper neighbour (when that differs), the next new token, or another token already seen
 * (then its index, uniformly among those). The first choice is coded in one of three contexts: whether
 * both neighbours exist and agree, exist and differ, or only one exists.
 *
 * <p>Counts start at one and grow by {@link #INCREMENT}; probabilities go through {@link Cdf} at
 * {@link #PRECISION} bits, in strict Java arithmetic, so both ends build the same tables.
 */
public final class SourceMap {
  static final int PRECISION = 12;
  static final int INCREMENT = 4;
  private static final int LEFT = 0, UP = 1, NEW = 2, OTHER = 3;

  private SourceMap() {}

  /** Appends the map of a {@code rows}×{@code cols} grid with {@code tokens} tokens to the coder. */
  public static void encode(RangeEncoder out, int[] map, int rows, int cols, int tokens) {
    Model model = new Model();
    int next = 0;
    for (int p = 0; p < map.length; p++) {
      int r = p / cols, c = p % cols;
      int left = c > 0 ? map[p - 1] : -1, up = r > 0 ? map[p - cols] : -1;
      int t = map[p];
      int choice;
      if (t == left) {
        choice = LEFT;
      } else if (t == up) {
        choice = UP;
      } else if (t == next) {
        choice = NEW;
      } else {
        choice = OTHER;
      }
      int[] allowed = allowed(left, up, next, tokens);
      int ctx = context(left, up);
      if (allowed.length > 1) {
        out.encode(indexOf(allowed, choice), model.cdf(ctx, allowed));
      }
      model.count(ctx, choice);
      if (choice == OTHER) {
        out.encode(t, Cdf.uniform(next));
      }
      if (t == next) {
        next++;
      }
    }
  }

  /** Reads back what {@link #encode} wrote. */
  public static int[] decode(RangeDecoder in, int rows, int cols, int tokens) {
    Model model = new Model();
    int[] map = new int[rows * cols];
    int next = 0;
    for (int p = 0; p < map.length; p++) {
      int r = p / cols, c = p % cols;
      int left = c > 0 ? map[p - 1] : -1, up = r > 0 ? map[p - cols] : -1;
      int[] allowed = allowed(left, up, next, tokens);
      int ctx = context(left, up);
      int choice = allowed.length == 1 ? allowed[0] : allowed[in.decode(model.cdf(ctx, allowed))];
      model.count(ctx, choice);
      int t = switch (choice) {
        case LEFT -> left;
        case UP -> up;
        case NEW -> next;
        default -> in.decode(Cdf.uniform(next));
      };
      map[p] = t;
      if (t == next) {
        next++;
      }
    }
    if (next != tokens) {
      throw new IllegalArgumentException("source map names " + next + " tokens, the tile has " + tokens);
    }
    return map;
  }

  /** The choices that can name a token not named by an earlier choice in the list. */
  private static int[] allowed(int left, int up, int next, int tokens) {
    int[] a = new int[4];
    int n = 0;
    if (left >= 0) {
      a[n++] = LEFT;
    }
    if (up >= 0 && up != left) {
      a[n++] = UP;
    }
    if (next < tokens) {
      a[n++] = NEW;
    }
    int named = (left >= 0 ? 1 : 0) + (up >= 0 && up != left ? 1 : 0);
    if (next > named) {
      a[n++] = OTHER;
    }
    return Arrays.copyOf(a, n);
  }

  private static int context(int left, int up) {
    if (left >= 0 && up >= 0) {
      return left == up ? 0 : 1;
    }
    return 2;
  }

  private static int indexOf(int[] allowed, int choice) {
    for (int i = 0; i < allowed.length; i++) {
      if (allowed[i] == choice) {
        return i;
      }
    }
    throw new IllegalStateException("choice " + choice + " is not possible here");
  }

  /** Adaptive counts of the four choices per context. */
  private static final class Model {
    private final int[][] counts = {{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}};

    Cdf cdf(int ctx, int[] allowed) {
      double[] p = new double[allowed.length];
      double total = 0;
      for (int i = 0; i < allowed.length; i++) {
        total += counts[ctx][allowed[i]];
      }
      for (int i = 0; i < allowed.length; i++) {
        p[i] = counts[ctx][allowed[i]] / total;
      }
      return Cdf.fromProbabilities(p, PRECISION);
    }

    void count(int ctx, int choice) {
      counts[ctx][choice] += INCREMENT;
    }
  }
}
