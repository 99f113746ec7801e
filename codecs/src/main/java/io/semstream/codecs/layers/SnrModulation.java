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
 * Feature-wise modulation by the channel SNR: a small MLP maps the SNR (dB) to a per-channel scale
 * and shift, so one set of weights serves every SNR (the attention-feature idea of ADJSCC, in its
 * simplest affine form). Inputs: features [B, C, H, W] and SNR [B, 1] in dB. Output: features.
 */
public final class SnrModulation extends AbstractBlock {

  /** SNRs are divided by this before the MLP so its input is of order one over 0–20 dB. */
  static final float SNR_SCALE = 20f;

  private final int channels;
  private final SequentialBlock mlp;

  public SnrModulation(int channels, int hidden) {
    super((byte) 1);
    this.channels = channels;
    this.mlp = addChildBlock("mlp", LinkModulation.mlp(channels, hidden));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray snr = inputs.get(1).div(SNR_SCALE);
    return new NDList(LinkModulation.modulate(x, mlp.forward(ps, new NDList(snr), training).singletonOrThrow(),
        channels));
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
