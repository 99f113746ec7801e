package io.semstream.codecs.softcast;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.ShippedWeights;

/** Builds the refiner network and loads its trained weights (shipped on the classpath, or from a file). */
public final class RefinerModel {
  public static final String WEIGHTS_RESOURCE = "/models/refined/refiner.ssw";
  /** Overrides the shipped weights, e.g. to evaluate a checkpoint being trained. */
  public static final String WEIGHTS_PROPERTY = "semstream.refiner.weights";

  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY,
      "SoftCast refiner");

  private RefinerModel() {}

  public static Refiner.Config config() {
    return Refiner.Config.standard();
  }

  /** A new model holding a network at its initialisation (seeded): the identity. The caller closes it. */
  public static Model newModel(Refiner.Config config, long seed) {
    Model model = NativeEngine.newModel("softcast-refiner");
    Refiner net = new Refiner(config);
    model.setBlock(net);
    NativeEngine.initialiseSeeded(seed, () -> net.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, 3, 16, 16), new Shape(1, 2)));
    return model;
  }

  /** Why the weights cannot be loaded here, or empty when they can. */
  public static java.util.Optional<String> unavailable() {
    return WEIGHTS.unavailable();
  }

  /** A model with the shipped (or overriding) weights. */
  public static Model load() {
    return WEIGHTS.loadInto(newModel(config(), 0));
  }
}
