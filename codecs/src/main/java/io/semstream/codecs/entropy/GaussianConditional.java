package io.semstream.codecs.entropy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The conditional density of a latent y given a predicted scale σ per element (zero mean): the
 * discretised Gaussian P(v) = Φ((v+½)/σ) − Φ((v−½)/σ). No parameters.
 *
 * <p>Forward (inputs: y, σ, same shape; outputs: ŷ, P(ŷ)): in training ŷ = y + U(−½, ½), otherwise
 * round(y). σ is floored at {@link #MIN_SCALE}, the smallest scale of
 * {@link GaussianScaleTable#standard()}, so training never prices a value more cheaply than the
 * coding tables can.
 *
 * <p>At coding time the same density is read from the standard scale table, element by element, by
 * {@link GaussianScaleTable#indexOf(float)} of σ: {@link #codeLengths} gives the bits a range coder would
 * spend, the number the rate allocator works from.
 */
public final class GaussianConditional extends AbstractBlock {

  public static final float MIN_SCALE = 0.11f;

  public GaussianConditional() {
    super((byte) 1);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray y = inputs.get(0);
    NDArray yHat = training
        ? y.add(y.getManager().randomUniform(-0.5f, 0.5f, y.getShape()))
        : y.round();
    return new NDList(yHat, likelihood(yHat, inputs.get(1)));
  }

  /** P(v | σ) elementwise, floored at {@link EntropyBottleneck#MIN_LIKELIHOOD}. */
  public static NDArray likelihood(NDArray v, NDArray scales) {
    NDArray s = scales.maximum(MIN_SCALE);
    // Both ends on the lower side of the Gaussian (|v|), where Φ is small and the difference is exact enough.
    NDArray a = v.abs();
    NDArray upper = phi(a.neg().add(0.5f).div(s));
    NDArray lower = phi(a.neg().sub(0.5f).div(s));
    return upper.sub(lower).maximum(EntropyBottleneck.MIN_LIKELIHOOD);
  }

  /**
   * −log2 P(v | σ) per element, for training: the exact bits forward, and in the tails (P below
   * {@link TailGradient#TAIL}) the gradient of the density's own code length, v²/(2σ²)·log2 e + log2(σ√(2π)), with σ's
   * floor passed straight through. The exact bits are flat there, so once h_s predicts a scale far below
   * |v| nothing pulls it back, y's bits stick at the floor's 30 a value and the side info starves the
   * symbols. The density's code length always points σ towards |v|.
   */
  public static NDArray bits(NDArray v, NDArray scales) {
    NDArray exact = likelihood(v, scales).log2().neg();
    NDArray floored = scales.add(scales.maximum(MIN_SCALE).sub(scales).stopGradient());
    NDArray density = v.square().div(floored.square().mul(2f)).mul((float) (1 / Math.log(2)))
        .add(floored.mul((float) Math.sqrt(2 * Math.PI)).log2());
    return TailGradient.blend(exact, density);
  }

  private static NDArray phi(NDArray x) {
    return x.mul((float) (1 / Math.sqrt(2))).erf().add(1f).mul(0.5f);
  }

  /**
   * Bits the standard scale table spends on each element: values[i] coded under the table that
   * {@code scales[i]} picks (escapes priced as coded).
   */
  public static double[] codeLengths(int[] values, float[] scales) {
    if (values.length != scales.length) {
      throw new IllegalArgumentException(values.length + " values but " + scales.length + " scales");
    }
    GaussianScaleTable table = GaussianScaleTable.standard();
    double[] bits = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      Cdf cdf = table.cdf(table.indexOf(scales[i]));
      bits[i] = cdf.codeLength(values[i]);
    }
    return bits;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0], inputShapes[0]};
  }
}
