package io.semstream.codecs.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The channel inside the training graph: adds CN(0, N0) per complex symbol, i.e. variance N0/2 on
 * every real feature, with N0 = 10^(−SNR/10) for unit signal power (DESIGN §4). Inputs: symbols
 * [B, ...] with unit power, SNR [B, 1] in dB. At inference time the real channel sits between
 * encoder and decoder instead, so this block only adds noise while training.
 */
public final class AwgnNoise extends AbstractBlock {
  public AwgnNoise() {
    super((byte) 1);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray z = inputs.get(0);
    if (!training) {
      return new NDList(z);
    }
    NDArray snr = inputs.get(1);
    Shape s = z.getShape();
    long b = s.get(0);
    // sigma per real dimension = sqrt(N0 / 2)
    NDArray sigma = z.getManager().full(snr.getShape(), 10f).pow(snr.div(-10f)).div(2f).sqrt();
    NDArray noise = z.getManager().randomNormal(s).reshape(b, s.size() / b).mul(sigma);
    return new NDList(z.add(noise.reshape(s)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
