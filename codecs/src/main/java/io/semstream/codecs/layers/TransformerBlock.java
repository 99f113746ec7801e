package io.semstream.codecs.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-norm transformer block over a set of tokens: x + MHSA(LN(x)), then x + MLP(LN(x)) with GELU.
 * Inputs: tokens [B, N, D] and a key bias [B, N] added to every attention logit of that key (ToMe's
 * proportional attention: log of the token's size in patches; a large negative number for a padding
 * slot, which then receives no attention). Output: tokens [B, N, D].
 */
public final class TransformerBlock extends AbstractBlock {
  private final int width;
  private final int heads;
  private final LayerNorm norm1;
  private final Linear qkv;
  private final Linear project;
  private final LayerNorm norm2;
  private final Linear hidden;
  private final Linear out;

  public TransformerBlock(int width, int heads, int mlpRatio) {
    super((byte) 1);
    if (width % heads != 0) {
      throw new IllegalArgumentException("width " + width + " is not a multiple of " + heads + " heads");
    }
    this.width = width;
    this.heads = heads;
    norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
    qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * width).build());
    project = addChildBlock("project", Linear.builder().setUnits(width).build());
    norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
    hidden = addChildBlock("hidden", Linear.builder().setUnits((long) mlpRatio * width).build());
    out = addChildBlock("out", Linear.builder().setUnits(width).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray keyBias = inputs.get(1);
    long b = x.getShape().get(0), n = x.getShape().get(1);
    int headWidth = width / heads;
    NDArray h = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray t = qkv.forward(ps, new NDList(h), training).singletonOrThrow()
        .reshape(b, n, 3, heads, headWidth).transpose(2, 0, 3, 1, 4); // [3, B, heads, N, hw]
    NDArray q = t.get(0), k = t.get(1), v = t.get(2);
    NDArray logits = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1 / Math.sqrt(headWidth)))
        .add(keyBias.reshape(b, 1, 1, n));
    NDArray attended = logits.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(b, n, width);
    x = x.add(project.forward(ps, new NDList(attended), training).singletonOrThrow());
    NDArray m = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
    m = Activation.gelu(hidden.forward(ps, new NDList(m), training).singletonOrThrow());
    return new NDList(x.add(out.forward(ps, new NDList(m), training).singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    norm1.initialize(manager, dataType, x);
    qkv.initialize(manager, dataType, x);
    project.initialize(manager, dataType, x);
    norm2.initialize(manager, dataType, x);
    hidden.initialize(manager, dataType, x);
    out.initialize(manager, dataType, new Shape(x.get(0), x.get(1), hidden.getOutputShapes(new Shape[] {x})[0]
        .get(2)));
  }
}
