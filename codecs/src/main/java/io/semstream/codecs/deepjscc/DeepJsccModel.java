package io.semstream.codecs.deepjscc;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.ShippedWeights;

/** Builds the network and loads its trained weights (shipped on the classpath or from a file). */
public final class DeepJsccModel {
  /** Width of the network's feature maps; part of the architecture the weights belong to. */
  public static final int WIDTH = 96;
  public static final String WEIGHTS_RESOURCE = "/models/deepjscc/deepjscc.ssw";
  /** Overrides the shipped weights, e.g. to evaluate a checkpoint being trained. */
  public static final String WEIGHTS_PROPERTY = "semstream.deepjscc.weights";

  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY, "Deep JSCC");

  private DeepJsccModel() {}

  /** A new model holding an initialised (random) network. The caller closes the model. */
  public static Model newModel() {
    Model model = NativeEngine.newModel("deepjscc");
    DeepJsccNetwork net = new DeepJsccNetwork(WIDTH);
    model.setBlock(net);
    NativeEngine.initialise(() -> net.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, 3, 64, 64), new Shape(1, 1), new Shape(1, DeepJsccNetwork.LATENT_CHANNELS, 1, 1)));
    return model;
  }

  /** A model with the trained weights loaded. */
  public static Model load() {
    return WEIGHTS.loadInto(newModel());
  }
}
