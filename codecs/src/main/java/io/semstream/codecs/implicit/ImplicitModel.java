package io.semstream.codecs.implicit;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.ShippedWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The implicit codec's meta-learned base network for telemetry, and its latent prior. */
public final class ImplicitModel {
  public static final String WEIGHTS_RESOURCE = "/models/implicit/series.ssw";
  public static final String PRIOR_RESOURCE = "/models/implicit/series-prior.txt";
  public static final String WEIGHTS_PROPERTY = "semstream.implicit.weights";
  public static final String PRIOR_PROPERTY = "semstream.implicit.prior";
  /** Inner learning rate of latent fitting, the same in meta-training and at the transmitter. */
  public static final float FIT_LEARNING_RATE = 5e-3f;
  /** Fitting steps at the transmitter; meta-training unrolls as many. */
  public static final int FIT_STEPS = 10;

  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY,
      "implicit base network");
  private static final ShippedWeights PRIOR = new ShippedWeights(PRIOR_RESOURCE, PRIOR_PROPERTY,
      "implicit latent prior");

  private ImplicitModel() {}

  /** A new model with SIREN's initialisation (seeded). The caller closes it. */
  public static Model newModel(FieldConfig config, long seed) {
    Model model = NativeEngine.newModel("implicit-field");
    SirenField field = new SirenField(config);
    model.setBlock(field);
    NativeEngine.initialiseSeeded(seed, () -> field.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(8, config.featureCount()), new Shape(1, config.latent())));
    return model;
  }

  public static Optional<String> unavailable() {
    return WEIGHTS.unavailable().or(PRIOR::unavailable);
  }

  /** The shipped (or overriding) base network. */
  public static Model load() {
    return WEIGHTS.loadInto(newModel(FieldConfig.series(), 0));
  }

  public static LatentPrior loadPrior() {
    try (InputStream in = PRIOR.open()) {
      return LatentPrior.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the implicit latent prior: " + e.getMessage(), e);
    }
  }
}
