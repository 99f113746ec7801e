package io.semstream.codecs.explicit;

import ai.djl.Model;
import io.semstream.codecs.models.ShippedWeights;

/** Builds the product-size explicit network and loads its trained weights (classpath or a file). */
public final class ExplicitModel {
  public static final String WEIGHTS_RESOURCE = "/models/explicit/explicit.ssw";
  /** Overrides the shipped weights, e.g. to evaluate a checkpoint being trained. */
  public static final String WEIGHTS_PROPERTY = "semstream.explicit.weights";

  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY, "explicit NeurJSCC");

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
