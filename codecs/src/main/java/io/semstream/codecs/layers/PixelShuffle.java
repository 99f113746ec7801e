package io.semstream.codecs.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Sub-pixel upsampling: [B, C·r², H, W] → [B, C, H·r, W·r]. Used instead of transposed
 * convolution, which DJL's PyTorch engine does not implement.
 */
public final class PixelShuffle extends AbstractBlock {
  private final int r;

  public PixelShuffle(int factor) {
    super((byte) 1);
    this.r = factor;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    return new NDList(shuffle(inputs.singletonOrThrow(), r));
  }

  /** What the block does, for callers that need it between other stages. */
  public static NDArray shuffle(NDArray x, int r) {
    Shape s = x.getShape();
    long b = s.get(0), c = s.get(1) / (r * r), h = s.get(2), w = s.get(3);
    return x.reshape(b, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * r, w * r);
  }

  /**
   * The inverse, space to depth: [B, C, H·r, W·r] → [B, C·r², H, W], with output channel c·r² + i·r + j
   * holding offset (i, j) of input channel c, so that {@link PixelShuffle} undoes it exactly.
   */
  public static NDArray unshuffle(NDArray x, int r) {
    Shape s = x.getShape();
    long b = s.get(0), c = s.get(1), h = s.get(2) / r, w = s.get(3) / r;
    return x.reshape(b, c, h, r, w, r).transpose(0, 1, 3, 5, 2, 4).reshape(b, c * r * r, h, w);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] in) {
    Shape s = in[0];
    return new Shape[] {new Shape(s.get(0), s.get(1) / (r * r), s.get(2) * r, s.get(3) * r)};
  }
}
