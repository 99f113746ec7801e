package io.semstream.codecs.entropy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.function.BinaryOperator;

/**
 * A learned factorised density for a hyper-latent z [B, C, h, w]: each channel c has its own CDF
 * F_c(x) = sigmoid(f_c(x)), f_c a small MLP kept monotone in x by softplus weights and by the
 * {@code x + tanh(a)·tanh(x)} nonlinearity (the density model of Ballé et al. 2018, appendix 6.1).
 *
 * <p>Forward (inputs: z; outputs: ẑ, likelihood P(ẑ), both shaped like z): in training ẑ = z + U(−½, ½),
 * the usual differentiable stand-in for rounding; otherwise ẑ = round(z). P(ẑ) = F(ẑ+½) − F(ẑ−½),
 * floored at {@link #MIN_LIKELIHOOD} so −log2 stays finite.
 *
 * <p>Coding: {@link #tables(int)} evaluates the same MLP in Java doubles with StrictMath and builds one
 * integer {@link Cdf} per channel over [−range, range] plus an escape. The tables are a pure function of
 * the parameters' float values, so a transmitter and a receiver holding the same weights build the same
 * tables on any machine (a DJL forward pass gives no such guarantee). {@link #frequencyTables(int)}
 * exports them as integers, e.g. to ship beside the weights.
 */
public final class EntropyBottleneck extends AbstractBlock {

  public static final float MIN_LIKELIHOOD = 1e-9f;

  private final int channels;
  /** Widths of the per-channel MLP, input and output (1) included. */
  private final int[] dims;
  private final Parameter[] matrices;
  private final Parameter[] biases;
  private final Parameter[] factors;

  /** The usual shape: hidden widths 3, 3, 3, with the initial density about 10 wide. */
  public EntropyBottleneck(int channels) {
    this(channels, new int[] {3, 3, 3}, 10.0);
  }

  public EntropyBottleneck(int channels, int[] hidden, double initScale) {
    super((byte) 1);
    this.channels = channels;
    dims = new int[hidden.length + 2];
    dims[0] = 1;
    System.arraycopy(hidden, 0, dims, 1, hidden.length);
    dims[dims.length - 1] = 1;
    int layers = dims.length - 1;
    matrices = new Parameter[layers];
    biases = new Parameter[layers];
    factors = new Parameter[layers - 1];
    // Each layer's softplus(H) starts at a constant so the composed map starts as x / initScale: a wide,
    // smooth initial density that does not favour any value.
    double perLayer = Math.pow(initScale, 1.0 / layers);
    for (int k = 0; k < layers; k++) {
      float init = (float) Math.log(Math.expm1(1.0 / perLayer / dims[k + 1]));
      matrices[k] = addParameter(Parameter.builder().setName("matrix" + k).setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(channels, dims[k + 1], dims[k])).optInitializer(new ConstantInitializer(init)).build());
      biases[k] = addParameter(Parameter.builder().setName("bias" + k).setType(Parameter.Type.BIAS)
          .optShape(new Shape(channels, dims[k + 1], 1)).optInitializer(new UniformInitializer(0.5f)).build());
      if (k < layers - 1) {
        factors[k] = addParameter(Parameter.builder().setName("factor" + k).setType(Parameter.Type.OTHER)
            .optShape(new Shape(channels, dims[k + 1], 1)).optInitializer(new ConstantInitializer(0f)).build());
      }
    }
  }

  public int channels() {
    return channels;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray zHat = quantise(inputs.singletonOrThrow(), training);
    return new NDList(zHat, likelihood(ps, zHat, training));
  }

  /** ẑ: z + U(−½, ½) in training, round(z) otherwise. */
  public NDArray quantise(NDArray z, boolean training) {
    return training ? z.add(z.getManager().randomUniform(-0.5f, 0.5f, z.getShape())) : z.round();
  }

  /** P(v) = F(v+½) − F(v−½) per element of v [B, C, h, w], floored at {@link #MIN_LIKELIHOOD}. */
  public NDArray likelihood(ParameterStore ps, NDArray v, boolean training) {
    return perElement(ps, v, training, EntropyBottleneck::interval);
  }

  /**
   * −log2 P(v) per element of v [B, C, h, w], for training: the exact bits forward; in the tails (P below
   * {@link TailGradient#TAIL}) the gradient of −log2 of the one-sided tail mass beyond v's inner edge is
   * added to the exact one (which is small there, and zero on the floor). That mass bounds P from above
   * and keeps a slope where P itself sits on its floor. Without it a value that wandered
   * past the floor costs a flat 30 bits with no gradient back.
   */
  public NDArray bits(ParameterStore ps, NDArray v, boolean training) {
    return perElement(ps, v, training, (lower, upper) -> {
      NDArray exact = interval(lower, upper).log2().neg();
      // Above the median the tail beyond v − ½ is 1 − F = sigmoid(−lower); below it, F(v + ½) = sigmoid(upper).
      NDArray above = lower.add(upper).gt(0f).toType(lower.getDataType(), false).stopGradient();
      NDArray tailBits = Activation.softPlus(lower).mul(above)
          .add(Activation.softPlus(upper.neg()).mul(above.neg().add(1f))).mul((float) (1 / Math.log(2)));
      return TailGradient.blend(exact, tailBits);
    });
  }

  /**
   * f(logit F(v − ½), logit F(v + ½)) per element of v [B, C, h, w], every channel's MLP run as one
   * batched matmul over v laid out as [C, 1, N].
   */
  private NDArray perElement(ParameterStore ps, NDArray v, boolean training,
      BinaryOperator<NDArray> f) {
    Shape s = v.getShape();
    long b = s.get(0), h = s.get(2), w = s.get(3);
    NDArray flat = v.transpose(1, 0, 2, 3).reshape(channels, 1, b * h * w);
    NDArray out = f.apply(logits(ps, flat.sub(0.5f), training), logits(ps, flat.add(0.5f), training));
    return out.reshape(channels, b, h, w).transpose(1, 0, 2, 3);
  }

  /** sigmoid(upper) − sigmoid(lower), floored at {@link #MIN_LIKELIHOOD}. */
  private static NDArray interval(NDArray lower, NDArray upper) {
    // Subtract in the tail where both sigmoids are small, not where both are near one (cancellation).
    NDArray sign = lower.add(upper).sign().neg().stopGradient();
    NDArray p = Activation.sigmoid(upper.mul(sign)).sub(Activation.sigmoid(lower.mul(sign))).abs();
    return p.maximum(MIN_LIKELIHOOD);
  }

  private NDArray logits(ParameterStore ps, NDArray x, boolean training) {
    NDArray f = x;
    for (int k = 0; k < matrices.length; k++) {
      NDArray m = ps.getValue(matrices[k], x.getDevice(), training);
      NDArray softplus = Activation.softPlus(m);
      f = softplus.matMul(f).add(ps.getValue(biases[k], x.getDevice(), training));
      if (k < factors.length) {
        f = f.add(ps.getValue(factors[k], x.getDevice(), training).tanh().mul(f.tanh()));
      }
    }
    return f;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0], inputShapes[0]};
  }

  // ------------------------------------------------------------------ coding tables

  /**
   * One table per channel over the integers [−range, range], precision 16, values beyond the range
   * escaped (a poorly trained z must still be codable, just expensively).
   */
  public Cdf[] tables(int range) {
    int[][] f = frequencyTables(range);
    return fromFrequencies(f, range);
  }

  /** {@link #tables(int)} as integer frequencies, [channel][symbol], the escape symbol last. */
  public int[][] frequencyTables(int range) {
    if (range < 1 || range > 30000) {
      throw new IllegalArgumentException("range must be in 1..30000: " + range);
    }
    double[][] m = values(matrices, true);
    double[][] bias = values(biases, false);
    double[][] fac = values(factors, false);
    int[][] out = new int[channels][];
    int n = 2 * range + 1;
    for (int c = 0; c < channels; c++) {
      double[] pmf = new double[n];
      for (int i = 0; i < n; i++) {
        pmf[i] = interval(m, bias, fac, c, -range + i - 0.5, -range + i + 0.5);
      }
      double lowerTail = StrictMath.max(0, sigmoid(logit(m, bias, fac, c, -range - 0.5)));
      double upperTail = StrictMath.max(0, sigmoid(-logit(m, bias, fac, c, range + 0.5)));
      out[c] = Cdf.forIntegers(pmf, lowerTail, upperTail, -range, Cdf.Tails.ESCAPE, Cdf.DEFAULT_PRECISION)
          .frequencies();
    }
    return out;
  }

  /** The tables for frequencies exported by {@link #frequencyTables(int)} with the same range. */
  public static Cdf[] fromFrequencies(int[][] frequencies, int range) {
    Cdf[] cdfs = new Cdf[frequencies.length];
    for (int c = 0; c < cdfs.length; c++) {
      if (frequencies[c].length != 2 * range + 2) {
        throw new IllegalArgumentException("channel " + c + " has " + frequencies[c].length
            + " frequencies, range " + range + " needs " + (2 * range + 2));
      }
      cdfs[c] = Cdf.fromFrequencies(frequencies[c], -range, true);
    }
    return cdfs;
  }

  /** F_c(b) − F_c(a) in doubles, taken in the tail where it does not cancel. */
  private double interval(double[][] m, double[][] bias, double[][] fac, int c, double a, double b) {
    double la = logit(m, bias, fac, c, a);
    double lb = logit(m, bias, fac, c, b);
    double sign = la + lb > 0 ? -1 : 1;
    return StrictMath.abs(sigmoid(sign * lb) - sigmoid(sign * la));
  }

  private double logit(double[][] m, double[][] bias, double[][] fac, int c, double x) {
    double[] f = {x};
    for (int k = 0; k < m.length; k++) {
      int in = dims[k], outDim = dims[k + 1];
      double[] g = new double[outDim];
      for (int o = 0; o < outDim; o++) {
        double acc = bias[k][c * outDim + o];
        int row = (c * outDim + o) * in;
        for (int i = 0; i < in; i++) {
          acc += m[k][row + i] * f[i];
        }
        if (k < fac.length) {
          acc += StrictMath.tanh(fac[k][c * outDim + o]) * StrictMath.tanh(acc);
        }
        g[o] = acc;
      }
      f = g;
    }
    return f[0];
  }

  private static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
  }

  private static double softplus(double x) {
    return x > 30 ? x : StrictMath.log1p(StrictMath.exp(x));
  }

  private static double[][] values(Parameter[] ps, boolean softplus) {
    double[][] out = new double[ps.length][];
    for (int k = 0; k < ps.length; k++) {
      float[] v = ps[k].getArray().toFloatArray();
      out[k] = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        out[k][i] = softplus ? softplus(v[i]) : v[i];
      }
    }
    return out;
  }
}
