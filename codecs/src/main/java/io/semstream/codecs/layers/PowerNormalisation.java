package io.semstream.codecs.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Scales each sample's features, read as complex symbols (pairs of reals), to unit average power
 * per complex symbol: P = Σ z² / (n/2) = 1.
 */
public final class PowerNormalisation extends AbstractBlock {
  public PowerNormalisation() {
    super((byte) 1);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray z = inputs.singletonOrThrow();
    Shape s = z.getShape();
    long b = s.get(0);
    long n = s.size() / b;
    NDArray flat = z.reshape(b, n);
    NDArray power = flat.square().sum(new int[] {1}, true).div(n / 2.0f).add(1e-9f);
    return new NDList(flat.div(power.sqrt()).reshape(s));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
