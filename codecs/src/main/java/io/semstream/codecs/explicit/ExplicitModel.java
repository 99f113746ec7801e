package io.semstream.codecs.explicit;

import ai.djl.Model;
import io.semstream.codecs.weights.ShippedWeights;

/** Builds the product-size explicit network and loads its trained weights (classpath or a file). */
public final class ExplicitModel {
  public static final String WEIGHTS_RESOURCE = "/models/explicit/explicit.ssw";
  /** Overrides the shipped weights, e.g. to evaluate a checkpoint being trained. */
  public static final String WEIGHTS_PROPERTY = "semstream.explicit.weights";

  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY, "explicit NeurJSCC");

  /**
   * The largest CBR the shipped network can fill: its allocator's top level, 128 complex symbols, for every
   * 16×16×3 patch of 768 source values.
   */
  public static final double MAX_CBR = 128.0 / 768;

  private ExplicitModel() {}

  /** The architecture the shipped weights belong to. */
  public static ExplicitNetwork.Config config() {
    return ExplicitNetwork.Config.standard();
  }

  /** A model with the trained weights loaded; the caller (usually an {@link ExplicitCodec}) closes it. */
  public static Model load() {
    return WEIGHTS.loadInto(ExplicitCodec.newModel(config(), 0));
  }
}
