package io.semstream.codecs.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Feature-wise scale and shift from a vector describing the link (SNR, CBR, ...): a small MLP maps it to
 * one (γ, β) pair per channel, and the features become x·(1 + γ) + β. Inputs: features [B, C, H, W] and
 * the link vector [B, K], already scaled to order one. Output: features.
 */
public final class LinkModulation extends AbstractBlock {
  private final int channels;
  private final SequentialBlock mlp;

  public LinkModulation(int channels, int hidden) {
    super((byte) 1);
    this.channels = channels;
    this.mlp = addChildBlock("mlp", mlp(channels, hidden));
  }

  /** The MLP from the conditioning vector to [γ | β]: one hidden ReLU layer, 2C outputs. */
  static SequentialBlock mlp(int channels, int hidden) {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(hidden).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(2L * channels).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    return new NDList(modulate(x, mlp.forward(ps, new NDList(inputs.get(1)), training).singletonOrThrow(),
        channels));
  }

  /** x·(1 + γ) + β per channel, with [γ | β] the rows of {@code gammaBeta} [B, 2C]. */
  static NDArray modulate(NDArray x, NDArray gammaBeta, int channels) {
    long batch = x.getShape().get(0);
    return modulate(x, gammaBeta, channels, new Shape(batch, channels, 1, 1));
  }

  /** The same with (γ, β) reshaped to {@code perSample}, the shape that broadcasts them over x. */
  static NDArray modulate(NDArray x, NDArray gammaBeta, int channels, Shape perSample) {
    NDArray gamma = gammaBeta.get(":, 0:" + channels).reshape(perSample);
    NDArray beta = gammaBeta.get(":, " + channels + ":").reshape(perSample);
    return x.mul(gamma.add(1f)).add(beta);
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
