package io.semstream.codecs.semantic;

import io.semstream.codecs.weights.Half;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * Residual vector quantisation of token vectors: stage 1 quantises the token, each further stage the
 * error the stages before it left, every stage with its own codebook of {@link #ENTRIES} entries
 * ({@link #BITS} bits an index). A receiver that gets the first m stages of a token rebuilds it as the
 * sum of their entries, so the number of stages sent is a rate knob (SemCod's optional quantisation step,
 * "one code, one concept" at one stage).
 *
 * <p>Codebooks are learnt by EMA k-means (decayed sums and counts per entry, updated from minibatches of
 * encoder outputs) with dead-code restart: an entry that no vector of {@link #IDLE_UPDATES} minibatches in a
 * row picked is re-seeded with a random vector of the current minibatch, so no entry stays unused, the usual remedy for
 * codebook collapse. All in Java floats, so both ends hold the same codebook bit for bit.
 */
public final class ResidualCodebook {
  public static final int ENTRIES = 1024;
  public static final int BITS = 10;
  static final double DECAY = 0.99;
  /**
   * Minibatches in a row without a vector before an entry is restarted. A minibatch holds a few vectors per
   * entry, so an entry that misses this many is dead, not unlucky; an EMA-count threshold would take hundreds
   * of updates at this decay to notice, longer than a stage is trained.
   */
  static final int IDLE_UPDATES = 8;
  private static final int MAGIC = 0x53525651; // "SRVQ"

  private final int stages;
  private final int dim;
  private final float[][] codebooks;

  public ResidualCodebook(int stages, int dim, float[][] codebooks) {
    if (codebooks.length != stages) {
      throw new IllegalArgumentException(stages + " stages, " + codebooks.length + " codebooks");
    }
    for (float[] c : codebooks) {
      if (c.length != ENTRIES * dim) {
        throw new IllegalArgumentException("a codebook holds " + ENTRIES + " × " + dim + " values, not " + c.length);
      }
    }
    this.stages = stages;
    this.dim = dim;
    this.codebooks = codebooks;
  }

  public int stages() {
    return stages;
  }

  public int dim() {
    return dim;
  }

  /** Indices [n × m] of n vectors (row-major in {@code vectors}) through the first m stages. */
  public int[] encode(float[] vectors, int n, int m) {
    requireStages(m);
    int[] idx = new int[n * m];
    float[] residual = vectors.clone();
    for (int s = 0; s < m; s++) {
      float[] book = codebooks[s];
      for (int i = 0; i < n; i++) {
        int best = nearest(book, dim, residual, i * dim);
        idx[i * m + s] = best;
        for (int d = 0; d < dim; d++) {
          residual[i * dim + d] -= book[best * dim + d];
        }
      }
    }
    return idx;
  }

  /** The vectors the indices [n × m] stand for. */
  public float[] decode(int[] idx, int n, int m) {
    requireStages(m);
    float[] out = new float[n * dim];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < m; s++) {
        int e = idx[i * m + s];
        if (e < 0 || e >= ENTRIES) {
          throw new IllegalArgumentException("codebook index " + e + " outside 0.." + (ENTRIES - 1));
        }
        for (int d = 0; d < dim; d++) {
          out[i * dim + d] += codebooks[s][e * dim + d];
        }
      }
    }
    return out;
  }

  private void requireStages(int m) {
    if (m < 1 || m > stages) {
      throw new IllegalArgumentException("1 to " + stages + " stages, not " + m);
    }
  }

  private static int nearest(float[] book, int dim, float[] v, int offset) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int e = 0; e < ENTRIES; e++) {
      double dist = 0;
      int base = e * dim;
      for (int d = 0; d < dim && dist < bestDistance; d++) {
        double diff = v[offset + d] - book[base + d];
        dist += diff * diff;
      }
      if (dist < bestDistance) {
        bestDistance = dist;
        best = e;
      }
    }
    return best;
  }

  /** EMA k-means state of one stage. */
  public static final class Learner {
    private final int dim;
    private final float[] book;
    private final double[] sums;
    private final double[] counts;
    private final int[] idle;
    private final SplittableRandom rng;
    private int restarts;

    /** Entries start as random vectors of {@code seedVectors} (n rows). */
    public Learner(int dim, float[] seedVectors, int n, long seed) {
      this.dim = dim;
      this.rng = new SplittableRandom(seed);
      this.book = new float[ENTRIES * dim];
      this.sums = new double[ENTRIES * dim];
      this.counts = new double[ENTRIES];
      this.idle = new int[ENTRIES];
      for (int e = 0; e < ENTRIES; e++) {
        System.arraycopy(seedVectors, rng.nextInt(n) * dim, book, e * dim, dim);
        counts[e] = 1;
        for (int d = 0; d < dim; d++) {
          sums[e * dim + d] = book[e * dim + d];
        }
      }
    }

    /** One EMA update from a minibatch of n vectors; returns their mean squared quantisation error. */
    public double update(float[] vectors, int n) {
      double[] batchSums = new double[ENTRIES * dim];
      double[] batchCounts = new double[ENTRIES];
      double error = 0;
      for (int i = 0; i < n; i++) {
        int e = nearest(book, dim, vectors, i * dim);
        batchCounts[e]++;
        for (int d = 0; d < dim; d++) {
          float v = vectors[i * dim + d];
          batchSums[e * dim + d] += v;
          double diff = v - book[e * dim + d];
          error += diff * diff;
        }
      }
      double scale = ENTRIES / (double) n; // counts per entry as if batches had ENTRIES vectors
      for (int e = 0; e < ENTRIES; e++) {
        counts[e] = DECAY * counts[e] + (1 - DECAY) * batchCounts[e] * scale;
        for (int d = 0; d < dim; d++) {
          sums[e * dim + d] = DECAY * sums[e * dim + d] + (1 - DECAY) * batchSums[e * dim + d] * scale;
        }
        idle[e] = batchCounts[e] > 0 ? 0 : idle[e] + 1;
        if (idle[e] >= IDLE_UPDATES) {
          int r = rng.nextInt(n);
          for (int d = 0; d < dim; d++) {
            book[e * dim + d] = vectors[r * dim + d];
            sums[e * dim + d] = vectors[r * dim + d];
          }
          counts[e] = 1;
          idle[e] = 0;
          restarts++;
        } else {
          for (int d = 0; d < dim; d++) {
            book[e * dim + d] = (float) (sums[e * dim + d] / counts[e]);
          }
        }
      }
      return error / (n * (double) dim);
    }

    public int restarts() {
      return restarts;
    }

    /** Entries used by at least one vector of the last EMA window, in effect: count above the dead line. */
    public int live() {
      int live = 0;
      for (double c : counts) {
        live += c >= 0.5 ? 1 : 0;
      }
      return live;
    }

    public float[] codebook() {
      return book.clone();
    }
  }

  public void save(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(MAGIC);
    d.writeInt(stages);
    d.writeInt(dim);
    d.writeInt(ENTRIES);
    for (float[] book : codebooks) {
      for (float v : book) {
        d.writeShort(Half.fromFloat(v));
      }
    }
    d.flush();
  }

  /** Reads what {@link #save} wrote (entries in float16, exact in both directions once rounded). */
  public static ResidualCodebook load(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    if (d.readInt() != MAGIC) {
      throw new IOException("not a residual codebook");
    }
    int stages = d.readInt(), dim = d.readInt(), entries = d.readInt();
    if (entries != ENTRIES || stages < 1 || stages > 64 || dim < 1 || dim > 4096) {
      throw new IOException("codebook of " + stages + " stages, " + entries + " entries of " + dim);
    }
    float[][] books = new float[stages][ENTRIES * dim];
    for (float[] book : books) {
      for (int i = 0; i < book.length; i++) {
        book[i] = Half.toFloat(d.readShort());
      }
    }
    return new ResidualCodebook(stages, dim, books);
  }
}
