package io.semstream.codecs.softcast;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.layers.Tensors;

/**
 * A loaded {@link Refiner} at inference: corrects a received picture given the SNR its symbols had and the
 * CBR. One per codec instance; it owns the model and closes it.
 */
public final class PictureRefiner implements AutoCloseable {
  private final Model model;
  private final Refiner net;
  private final ParameterStore parameters;

  public PictureRefiner(Model model) {
    this.model = model;
    this.net = (Refiner) model.getBlock();
    this.parameters = new ParameterStore(model.getNDManager(), false);
  }

  /** The network's correction of {@code received}, same size; sides need not be even. */
  public RgbImage refine(RgbImage received, double snrDb, double cbr) {
    RgbImage even = received.padToMultiple(Refiner.FOLD);
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray x = Tensors.toTensor(scope, even);
      NDArray l = scope.create(Refiner.link(snrDb, cbr), new Shape(1, 2));
      RgbImage out = Tensors.toImage(net.forward(parameters, new NDList(x, l), false).singletonOrThrow());
      return out.width() == received.width() && out.height() == received.height() ? out
          : out.crop(0, 0, received.width(), received.height());
    }
  }

  public Model model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }
}
