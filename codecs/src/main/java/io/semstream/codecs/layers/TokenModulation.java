package io.semstream.codecs.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@link LinkModulation} for token sets: x·(1 + γ) + β per feature, the same (γ, β) for every token of a
 * sample. Inputs: tokens [B, N, D] and the link vector [B, K]. Output: tokens.
 */
public final class TokenModulation extends AbstractBlock {
  private final int width;
  private final SequentialBlock mlp;

  public TokenModulation(int width, int hidden) {
    super((byte) 1);
    this.width = width;
    this.mlp = addChildBlock("mlp", LinkModulation.mlp(width, hidden));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray gb = mlp.forward(ps, new NDList(inputs.get(1)), training).singletonOrThrow();
    return new NDList(LinkModulation.modulate(x, gb, width, new Shape(x.getShape().get(0), 1, width)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    mlp.initialize(manager, dataType, inputShapes[1]);
  }
}
