package io.semstream.codecs.deepjscc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.semstream.codecs.layers.AwgnNoise;
import io.semstream.codecs.layers.Layers;
import io.semstream.codecs.layers.PixelShuffle;
import io.semstream.codecs.layers.ResidualBlock;
import io.semstream.codecs.layers.SnrModulation;

/**
 * A Deep-JSCC-style convolutional autoencoder, fully convolutional (×8 down, sub-pixel ×8 up), with
 * the SNR fed to both ends so one model serves 0–20 dB.
 *
 * <p>Rate adaptivity: the latent has {@link #LATENT_CHANNELS} channels, ordered by importance
 * through training. A CBR preset transmits only the first k of them (k = 24 for 1/16, 8 for 1/48 at
 * ×8 downsampling: k/2 complex symbols per 8×8×3 = 192 source values) and the receiver fills the
 * rest with zeros. Training samples k per batch, so one set of weights serves both presets.
 *
 * <p>Training forward inputs: image [B,3,H,W] in [0,1], SNR [B,1] dB, mask [B,C,1,1]. Output: the
 * reconstruction [B,3,H,W].
 */
public final class DeepJsccNetwork extends AbstractBlock {

  public static final int DOWNSAMPLE = 8;
  public static final int LATENT_CHANNELS = 24;

  private final Encoder encoder;
  private final Decoder decoder;
  private final AwgnNoise channel;

  public DeepJsccNetwork(int width) {
    super((byte) 1);
    encoder = addChildBlock("encoder", new Encoder(width));
    channel = addChildBlock("channel", new AwgnNoise());
    decoder = addChildBlock("decoder", new Decoder(width));
  }

  public Encoder encoder() { return encoder; }
  public Decoder decoder() { return decoder; }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray snr = inputs.get(1);
    NDArray mask = inputs.get(2);
    NDArray z = encoder.forward(ps, new NDList(x, snr), training).singletonOrThrow();
    NDArray used = normalisePower(z, mask);
    NDArray noisy = channel.forward(ps, new NDList(used, snr), training).singletonOrThrow();
    // Channels that were never sent reach the decoder as zeros, exactly as at inference.
    NDArray received = noisy.mul(mask);
    return decoder.forward(ps, new NDList(received, snr), training);
  }

  /** Unit average power per complex symbol over the channels the mask keeps. */
  static NDArray normalisePower(NDArray z, NDArray mask) {
    Shape s = z.getShape();
    long b = s.get(0);
    NDArray masked = z.mul(mask);
    NDArray energy = masked.square().reshape(b, -1).sum(new int[] {1}, true);
    NDArray reals = mask.reshape(b, -1).sum(new int[] {1}, true).mul((float) (s.get(2) * s.get(3)));
    NDArray power = energy.div(reals.div(2f)).add(1e-9f);
    return masked.div(power.sqrt().reshape(b, 1, 1, 1));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape snr = inputShapes[1];
    encoder.initialize(manager, dataType, x, snr);
    Shape latent = new Shape(x.get(0), LATENT_CHANNELS, x.get(2) / DOWNSAMPLE, x.get(3) / DOWNSAMPLE);
    channel.initialize(manager, dataType, latent, snr);
    decoder.initialize(manager, dataType, latent, snr);
  }

  /**
   * Image [B,3,H,W] + SNR [B,1] → latent [B, channels, H/8, W/8], not yet normalised. The explicit codec
   * builds its analysis transform from this block with more channels ({@code ExplicitNetwork}).
   */
  public static final class Encoder extends AbstractBlock {
    private final int channels;
    private final SequentialBlock down;
    private final SnrModulation modulation;
    private final SequentialBlock head;
    private final Block patches;

    Encoder(int width) {
      this(width, LATENT_CHANNELS);
    }

    public Encoder(int width, int channels) {
      super((byte) 1);
      this.channels = channels;
      // A linear 8×8 patch projection beside the deep path: it learns a block transform within a
      // few hundred steps, so the deep path only has to learn what a block transform cannot.
      patches = addChildBlock("patches", Layers.conv(channels, DOWNSAMPLE, DOWNSAMPLE, 0));
      down = addChildBlock("down", new SequentialBlock()
          .add(Layers.conv(width / 2, 5, 2)).add(Activation.leakyReluBlock(0.1f))
          .add(Layers.conv(width, 5, 2)).add(Activation.leakyReluBlock(0.1f))
          .add(Layers.conv(width, 5, 2)).add(Activation.leakyReluBlock(0.1f))
          .add(new ResidualBlock(width)));
      modulation = addChildBlock("snr", new SnrModulation(width, 32));
      head = addChildBlock("head", new SequentialBlock()
          .add(new ResidualBlock(width))
          .add(Layers.conv(channels, 3, 1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
        PairList<String, Object> params) {
      NDArray x = inputs.get(0).sub(0.5f);
      NDArray f = down.forward(ps, new NDList(x), training).singletonOrThrow();
      f = modulation.forward(ps, new NDList(f, inputs.get(1)), training).singletonOrThrow();
      NDArray deep = head.forward(ps, new NDList(f), training).singletonOrThrow();
      return new NDList(deep.add(patches.forward(ps, new NDList(x), training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
      Shape x = in[0];
      return new Shape[] {new Shape(x.get(0), channels, x.get(2) / DOWNSAMPLE, x.get(3) / DOWNSAMPLE)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... in) {
      down.initialize(manager, dataType, in[0]);
      patches.initialize(manager, dataType, in[0]);
      Shape f = down.getOutputShapes(new Shape[] {in[0]})[0];
      modulation.initialize(manager, dataType, f, in[1]);
      head.initialize(manager, dataType, f);
    }
  }

  /** Received latent [B, channels, h, w] + SNR [B,1] → image [B,3,8h,8w] in [0,1]; channels are set at initialisation. */
  public static final class Decoder extends AbstractBlock {
    private final SequentialBlock stem;
    private final SnrModulation modulation;
    private final SequentialBlock up;
    private final SequentialBlock unpatch;

    public Decoder(int width) {
      super((byte) 1);
      Block unpatchConv = Layers.conv(3 * DOWNSAMPLE * DOWNSAMPLE, 1, 1);
      unpatchConv.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
      unpatch = addChildBlock("unpatch", new SequentialBlock()
          .add(unpatchConv)
          .add(new PixelShuffle(DOWNSAMPLE)));
      stem = addChildBlock("stem", new SequentialBlock()
          .add(Layers.conv(width, 3, 1)).add(Activation.leakyReluBlock(0.1f))
          .add(new ResidualBlock(width)));
      modulation = addChildBlock("snr", new SnrModulation(width, 32));
      up = addChildBlock("up", new SequentialBlock()
          .add(new ResidualBlock(width))
          .add(Layers.conv(width * 4, 3, 1)).add(new PixelShuffle(2)).add(Activation.leakyReluBlock(0.1f))
          .add(Layers.conv(width / 2 * 4, 3, 1)).add(new PixelShuffle(2)).add(Activation.leakyReluBlock(0.1f))
          .add(outputConv()).add(new PixelShuffle(2)));
    }

    /**
     * The last convolution starts near zero, so the untrained network outputs mid-grey and the
     * first steps are spent on content rather than on undoing a large random picture.
     */
    private static Block outputConv() {
      Block conv = Layers.conv(3 * 4, 3, 1);
      conv.setInitializer(new NormalInitializer(1e-3f), Parameter.Type.WEIGHT);
      return conv;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
        PairList<String, Object> params) {
      NDArray f = stem.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
      f = modulation.forward(ps, new NDList(f, inputs.get(1)), training).singletonOrThrow();
      NDArray y = up.forward(ps, new NDList(f), training).singletonOrThrow();
      NDArray linear = unpatch.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
      return new NDList(y.add(linear).add(0.5f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
      Shape z = in[0];
      return new Shape[] {new Shape(z.get(0), 3, z.get(2) * DOWNSAMPLE, z.get(3) * DOWNSAMPLE)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... in) {
      stem.initialize(manager, dataType, in[0]);
      unpatch.initialize(manager, dataType, in[0]);
      Shape f = stem.getOutputShapes(new Shape[] {in[0]})[0];
      modulation.initialize(manager, dataType, f, in[1]);
      up.initialize(manager, dataType, f);
    }
  }
}
