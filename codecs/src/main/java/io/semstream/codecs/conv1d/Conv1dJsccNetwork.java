package io.semstream.codecs.conv1d;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.semstream.codecs.layers.AwgnNoise;

/**
 * A Deep-JSCC autoencoder for one channel of a telemetry window: 1-D convolutions down ×16 to
 * {@link #LATENT_CHANNELS} latent channels, sent analog, and transposed convolutions back up; the SNR is an extra
 * input channel at both ends, so one network serves every SNR. As in the image Deep JSCC, the latent channels are
 * ordered by importance through training on random prefixes (the mask), so a CBR is a number of channels sent:
 * k channels of a window of N points are k·N/16 reals, k/32 channel uses per sample.
 *
 * <p>Training forward inputs: signal [B, 1, N] (N a multiple of {@link #DOWNSAMPLE}, normalised), SNR [B, 1] dB,
 * mask [B, L, 1]. Output: the reconstruction [B, 1, N].
 */
public final class Conv1dJsccNetwork extends AbstractBlock {
  public static final int DOWNSAMPLE = 16;
  public static final int LATENT_CHANNELS = 16;
  static final int WIDTH = 64;
  /** The SNR enters as a channel of value SNR/20: about unit scale over the 0–20 dB it is trained on. */
  static final float SNR_SCALE = 20f;

  private final Block encoder;
  private final Block decoder;
  private final AwgnNoise channel;

  public Conv1dJsccNetwork() {
    super((byte) 1);
    SequentialBlock enc = new SequentialBlock().add(conv(WIDTH, 5, 1)).add(Activation::relu);
    for (int i = 0; i < 4; i++) {
      enc.add(conv(WIDTH, 5, 2)).add(Activation::relu);
    }
    enc.add(conv(LATENT_CHANNELS, 3, 1));
    SequentialBlock dec = new SequentialBlock().add(conv(WIDTH, 3, 1)).add(Activation::relu);
    // Up ×2 four times by sub-pixel shuffle: the engine has no transposed convolution.
    for (int i = 0; i < 4; i++) {
      dec.add(conv(2 * WIDTH, 3, 1)).add(new LambdaBlock(Conv1dJsccNetwork::shuffle2)).add(Activation::relu);
    }
    dec.add(conv(1, 5, 1));
    encoder = addChildBlock("encoder", enc);
    decoder = addChildBlock("decoder", dec);
    channel = addChildBlock("channel", new AwgnNoise());
  }

  private static Block conv(int filters, int kernel, int stride) {
    return Conv1d.builder().setFilters(filters).setKernelShape(new Shape(kernel)).optStride(new Shape(stride))
        .optPadding(new Shape(kernel / 2)).build();
  }

  /** The latent of signals [B, 1, N] at SNR [B, 1] dB: [B, L, N/16], not yet power-normalised. */
  public NDArray encode(ParameterStore ps, NDArray signal, NDArray snr, boolean training) {
    return encoder.forward(ps, new NDList(withSnr(signal, snr)), training).singletonOrThrow();
  }

  /** Signals [B, 1, N] from what arrived of the latent [B, L, N/16] (zeros where nothing was sent). */
  public NDArray decode(ParameterStore ps, NDArray received, NDArray snr, boolean training) {
    return decoder.forward(ps, new NDList(withSnr(received, snr)), training).singletonOrThrow();
  }

  /** [B, 2C, L] → [B, C, 2L]: channel pairs become neighbouring points. */
  static NDList shuffle2(NDList in) {
    NDArray x = in.singletonOrThrow();
    Shape s = x.getShape();
    long b = s.get(0), c = s.get(1) / 2, l = s.get(2);
    return new NDList(x.reshape(b, c, 2, l).transpose(0, 1, 3, 2).reshape(b, c, 2 * l));
  }

  private static NDArray withSnr(NDArray x, NDArray snr) {
    Shape s = x.getShape();
    NDArray level = snr.div(SNR_SCALE).reshape(s.get(0), 1, 1).broadcast(s.get(0), 1, s.get(2));
    return NDArrays.concat(new NDList(x, level), 1);
  }

  /** Unit power per complex symbol (two reals) over the entries the mask keeps, per instance. */
  public static NDArray normalisePower(NDArray z, NDArray mask) {
    long b = z.getShape().get(0);
    NDArray masked = z.mul(mask);
    NDArray energy = masked.square().reshape(b, -1).sum(new int[] {1}, true);
    NDArray reals = mask.reshape(b, -1).sum(new int[] {1}, true).mul((float) z.getShape().get(2));
    NDArray power = energy.div(reals.div(2f)).add(1e-9f);
    return masked.div(power.sqrt().reshape(b, 1, 1));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0), snr = inputs.get(1), mask = inputs.get(2);
    NDArray sent = normalisePower(encode(ps, x, snr, training), mask);
    NDArray noisy = channel.forward(ps, new NDList(sent, snr), training).singletonOrThrow();
    return new NDList(decode(ps, noisy.mul(mask), snr, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    encoder.initialize(manager, dataType, new Shape(x.get(0), 2, x.get(2)));
    decoder.initialize(manager, dataType, new Shape(x.get(0), LATENT_CHANNELS + 1, x.get(2) / DOWNSAMPLE));
  }
}
