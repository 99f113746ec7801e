package io.semstream.codecs.nr;

/**
 * Layered normalised min-sum decoding of a lifted 5G NR LDPC code.
 *
 * <p>Layers are the base-graph rows: each layer's Z checks touch disjoint bits (one per block column),
 * so a layer is processed as Z independent checks, and the a-posteriori LLRs are updated in place as
 * soon as a layer is done (which converges in about half the iterations of flooding). Check-to-variable
 * messages are the min-sum approximation scaled by the normalisation factor α (0.75 by default), which
 * corrects min-sum's overestimate of the message magnitudes. After every full iteration the hard
 * decision is tested against all the parity checks in use and the decoder stops as soon as it is a
 * codeword.
 *
 * <p>LLR convention: log P(bit = 0) / P(bit = 1), so a positive value means 0. Punctured or unsent bits
 * carry 0, filler bits (known zeros) a large positive value.
 *
 * <p>Not thread-safe (it reuses its work buffers); one instance per thread.
 */
public final class LdpcDecoder {
  public static final int DEFAULT_MAX_ITERATIONS = 25;
  public static final float DEFAULT_NORMALISATION = 0.75f;

  private final int maxIterations;
  private final float alpha;

  private float[] messages = new float[0];
  private float[] q = new float[0];
  private int[] vIdx = new int[0];

  public LdpcDecoder() {
    this(DEFAULT_MAX_ITERATIONS, DEFAULT_NORMALISATION);
  }

  public LdpcDecoder(int maxIterations, float normalisation) {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    if (!(normalisation > 0f && normalisation <= 1f)) {
      throw new IllegalArgumentException("normalisation must be in (0, 1], got " + normalisation);
    }
    this.maxIterations = maxIterations;
    this.alpha = normalisation;
  }

  public int maxIterations() {
    return maxIterations;
  }

  /**
   * The outcome of one codeword.
   *
   * @param bits hard decisions on all columns·Z codeword bits
   * @param iterations full iterations run
   * @param converged whether the hard decision satisfies every parity check that was decoded
   */
  public record Result(byte[] bits, int iterations, boolean converged) {}

  /** Decodes with every base-graph row. */
  public Result decode(LdpcCode code, float[] llr) {
    return decode(code, llr, code.graph().rows());
  }

  /**
   * @param llr channel LLRs of all columns·Z codeword bits (not modified)
   * @param rows how many base-graph rows to decode with (see {@link LdpcCode#rowsForColumns})
   */
  public Result decode(LdpcCode code, float[] llr, int rows) {
    BaseGraphs.Graph g = code.graph();
    int z = code.z();
    if (llr.length != code.codewordLength()) {
      throw new IllegalArgumentException("LLR vector has " + llr.length + " values; " + code + " needs "
          + code.codewordLength());
    }
    if (rows < 1 || rows > g.rows()) {
      throw new IllegalArgumentException("rows must be in 1.." + g.rows() + ", got " + rows);
    }
    int edges = g.rowStart(rows);
    int maxDegree = 0;
    for (int i = 0; i < rows; i++) {
      maxDegree = Math.max(maxDegree, g.rowDegree(i));
    }
    if (messages.length < edges * z) {
      messages = new float[edges * z];
    }
    java.util.Arrays.fill(messages, 0, edges * z, 0f);
    if (q.length < maxDegree) {
      q = new float[maxDegree];
      vIdx = new int[maxDegree];
    }
    int[] base = new int[edges];
    int[] sh = new int[edges];
    for (int e = 0; e < edges; e++) {
      base[e] = g.column(e) * z;
      sh[e] = code.shift(e);
    }
    float[] app = llr.clone();
    byte[] hard = new byte[app.length];
    float[] r = messages;
    float[] qq = q;
    int[] vv = vIdx;

    int iteration = 0;
    boolean converged = false;
    while (iteration < maxIterations) {
      iteration++;
      for (int i = 0; i < rows; i++) {
        int e0 = g.rowStart(i);
        int deg = g.rowStart(i + 1) - e0;
        for (int c = 0; c < z; c++) {
          float min1 = Float.MAX_VALUE;
          float min2 = Float.MAX_VALUE;
          int argMin = -1;
          int signs = 0;
          for (int k = 0; k < deg; k++) {
            int e = e0 + k;
            int col = c + sh[e];
            if (col >= z) {
              col -= z;
            }
            int v = base[e] + col;
            float m = app[v] - r[e * z + c];
            qq[k] = m;
            vv[k] = v;
            float a;
            if (m < 0) {
              signs ^= 1;
              a = -m;
            } else {
              a = m;
            }
            if (a < min1) {
              min2 = min1;
              min1 = a;
              argMin = k;
            } else if (a < min2) {
              min2 = a;
            }
          }
          float m1 = alpha * min1;
          float m2 = alpha * min2;
          for (int k = 0; k < deg; k++) {
            float m = qq[k];
            float mag = k == argMin ? m2 : m1;
            boolean negative = (signs ^ (m < 0 ? 1 : 0)) != 0;
            float out = negative ? -mag : mag;
            r[(e0 + k) * z + c] = out;
            app[vv[k]] = m + out;
          }
        }
      }
      for (int v = 0; v < app.length; v++) {
        hard[v] = (byte) (app[v] < 0 ? 1 : 0);
      }
      if (code.satisfiesChecks(hard, rows)) {
        converged = true;
        break;
      }
    }
    return new Result(hard, iteration, converged);
  }
}
