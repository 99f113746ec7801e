package io.semstream.codecs.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Two 3×3 convolutions with a skip connection; keeps the shape. */
public final class ResidualBlock extends AbstractBlock {
  private final SequentialBlock body;

  public ResidualBlock(int channels) {
    super((byte) 1);
    body = addChildBlock("body", new SequentialBlock()
        .add(Layers.conv(channels, 3, 1))
        .add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(channels, 3, 1)));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    return new NDList(Activation.leakyRelu(
        inputs.singletonOrThrow().add(body.forward(ps, inputs, training).singletonOrThrow()), 0.1f));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    body.initialize(manager, dataType, inputShapes);
  }
}
