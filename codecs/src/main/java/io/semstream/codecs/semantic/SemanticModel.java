package io.semstream.codecs.semantic;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.ShippedWeights;
import java.util.Optional;

/** Builds the semantic-token network and loads its trained weights (shipped on the classpath, or from a file). */
public final class SemanticModel {
  public static final String WEIGHTS_RESOURCE = "/models/semantic/semantic.ssw";
  /** Overrides the shipped weights, e.g. to evaluate a checkpoint being trained. */
  public static final String WEIGHTS_PROPERTY = "semstream.semantic.weights";

  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY,
      "semantic-token");

  private SemanticModel() {}

  /** A new model holding a randomly initialised network (seeded). The caller closes it. */
  public static Model newModel(long seed) {
    Model model = NativeEngine.newModel("semantic");
    SemanticNetwork net = new SemanticNetwork();
    model.setBlock(net);
    NativeEngine.initialiseSeeded(seed, () -> net.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, 3, SemanticNetwork.TILE, SemanticNetwork.TILE), new Shape(1, 2)));
    return model;
  }

  /** Why the weights cannot be loaded here, or empty when they can. */
  public static Optional<String> unavailable() {
    return WEIGHTS.unavailable();
  }

  /** A model with the shipped (or overriding) weights. */
  public static Model load() {
    return WEIGHTS.loadInto(newModel(0));
  }
}
