package io.semstream.codecs.conv1d;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.ShippedWeights;
import java.util.Optional;

/** The 1-D Deep JSCC network of the telemetry baseline and its shipped weights. */
public final class Conv1dJsccModel {
  public static final String WEIGHTS_RESOURCE = "/models/conv1d/series.ssw";
  public static final String WEIGHTS_PROPERTY = "semstream.conv1d.weights";
  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY,
      "1-D Deep JSCC network");

  private Conv1dJsccModel() {}

  /** A new, seeded, untrained model; the caller closes it. */
  public static Model newModel(long seed) {
    Model model = NativeEngine.newModel("conv1d-jscc");
    Conv1dJsccNetwork network = new Conv1dJsccNetwork();
    model.setBlock(network);
    NativeEngine.initialiseSeeded(seed, () -> network.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(2, 1, 64), new Shape(2, 1), new Shape(2, Conv1dJsccNetwork.LATENT_CHANNELS, 1)));
    return model;
  }

  public static Optional<String> unavailable() {
    return WEIGHTS.unavailable();
  }

  public static Model load() {
    return WEIGHTS.loadInto(newModel(0));
  }
}
