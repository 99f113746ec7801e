package io.semstream.codecs.softcast;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.semstream.codecs.layers.Layers;
import io.semstream.codecs.layers.LinkModulation;
import io.semstream.codecs.layers.PixelShuffle;
import io.semstream.codecs.layers.ResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The learned half of the refined SoftCast receiver: from the LLSE picture and the link (SNR, CBR), a
 * correction added to that picture. It works at half resolution (space to depth by 2): residual blocks of
 * 3×3 convolutions, each followed by a modulation from the link, then a convolution back to 2×2×3 values
 * per position. That last convolution starts at zero, so before any training the receiver is SoftCast's
 * exactly; training can only move it from there.
 *
 * <p>Inputs: picture [B, 3, H, W] in [0, 1] (H and W even) and the link [B, 2] from {@link #link}. Output:
 * the refined picture, same shape.
 */
public final class Refiner extends AbstractBlock {
  /** Space-to-depth factor of the trunk. */
  static final int FOLD = 2;

  /**
   * @param width channels of the trunk
   * @param blocks residual blocks
   */
  public record Config(int width, int blocks) {
    public static Config standard() {
      return new Config(32, 4);
    }

    public static Config tiny() {
      return new Config(8, 1);
    }
  }

  private final Config config;
  private final SequentialBlock head;
  private final List<ResidualBlock> trunk = new ArrayList<>();
  private final List<LinkModulation> modulations = new ArrayList<>();
  private final Block tail;

  public Refiner(Config config) {
    super((byte) 1);
    this.config = config;
    head = addChildBlock("head", new SequentialBlock()
        .add(Layers.conv(config.width(), 3, 1)).add(Activation.leakyReluBlock(0.1f)));
    for (int i = 0; i < config.blocks(); i++) {
      trunk.add(addChildBlock("block" + i, new ResidualBlock(config.width())));
      modulations.add(addChildBlock("link" + i, new LinkModulation(config.width(), 32)));
    }
    tail = addChildBlock("tail", Layers.conv(3 * FOLD * FOLD, 3, 1));
    tail.setInitializer(new ConstantInitializer(0f), Parameter.Type.WEIGHT);
  }

  public Config config() {
    return config;
  }

  /** The link as the network sees it: SNR/20 and log2(1/CBR)/6, both of order one over the range served. */
  public static float[] link(double snrDb, double cbr) {
    double snr = Double.isNaN(snrDb) ? 0 : Math.max(-10, Math.min(30, snrDb));
    return new float[] {(float) (snr / 20), (float) (Math.log(1 / cbr) / Math.log(2) / 6)};
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray link = inputs.get(1);
    NDArray f = head.forward(ps, new NDList(PixelShuffle.unshuffle(x.sub(0.5f), FOLD)), training)
        .singletonOrThrow();
    for (int i = 0; i < trunk.size(); i++) {
      f = trunk.get(i).forward(ps, new NDList(f), training).singletonOrThrow();
      f = modulations.get(i).forward(ps, new NDList(f, link), training).singletonOrThrow();
    }
    NDArray correction = PixelShuffle.shuffle(tail.forward(ps, new NDList(f), training).singletonOrThrow(), FOLD);
    return new NDList(x.add(correction));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape folded = new Shape(x.get(0), 3L * FOLD * FOLD, x.get(2) / FOLD, x.get(3) / FOLD);
    head.initialize(manager, dataType, folded);
    Shape f = new Shape(x.get(0), config.width(), x.get(2) / FOLD, x.get(3) / FOLD);
    for (int i = 0; i < trunk.size(); i++) {
      trunk.get(i).initialize(manager, dataType, f);
      modulations.get(i).initialize(manager, dataType, f, inputShapes[1]);
    }
    tail.initialize(manager, dataType, f);
  }
}
