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

/**
 * A meta-learned base network of the implicit family and its latent prior, as shipped: {@link #SERIES} for
 * telemetry (time → one channel), {@link #FRAME} for pictures (x, y → RGB over a patch).
 */
public final class ImplicitModel {
  /** Inner learning rate of latent fitting, the same in meta-training and at the transmitter. */
  public static final float FIT_LEARNING_RATE = 5e-3f;
  /** Fitting steps at the transmitter; meta-training unrolls as many. */
  public static final int FIT_STEPS = 10;

  public static final ImplicitModel SERIES = new ImplicitModel(FieldConfig.series(), "series", "semstream.implicit");
  public static final ImplicitModel FRAME = new ImplicitModel(FieldConfig.frame(), "frame", "semstream.implicit.frame");

  private final FieldConfig config;
  private final String weightsResource;
  private final String weightsProperty;
  private final ShippedWeights weights;
  private final ShippedWeights prior;

  private ImplicitModel(FieldConfig config, String name, String propertyStem) {
    this.config = config;
    this.weightsResource = "/models/implicit/" + name + ".ssw";
    this.weightsProperty = propertyStem + ".weights";
    this.weights = new ShippedWeights(weightsResource, weightsProperty, "implicit " + name + " base network");
    this.prior = new ShippedWeights("/models/implicit/" + name + "-prior.txt", propertyStem + ".prior",
        "implicit " + name + " latent prior");
  }

  public FieldConfig config() {
    return config;
  }

  /** Where the weights ship, as a class-path resource; the prior ships beside them as {@code <name>-prior.txt}. */
  public String weightsResource() {
    return weightsResource;
  }

  /** The system property that names a weights file to use instead of the shipped one. */
  public String weightsProperty() {
    return weightsProperty;
  }

  /** A new model with SIREN's initialisation (seeded). The caller closes it. */
  public static Model newModel(FieldConfig config, long seed) {
    Model model = NativeEngine.newModel("implicit-field");
    SirenField field = new SirenField(config);
    model.setBlock(field);
    NativeEngine.initialiseSeeded(seed, () -> field.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(8, config.featureCount()), new Shape(1, config.latent())));
    return model;
  }

  public Optional<String> unavailable() {
    return weights.unavailable().or(prior::unavailable);
  }

  /** The shipped (or overriding) base network. The caller closes it. */
  public Model load() {
    return weights.loadInto(newModel(config, 0));
  }

  public LatentPrior loadPrior() {
    try (InputStream in = prior.open()) {
      LatentPrior p = LatentPrior.read(in);
      if (p.std().length != config.latent()) {
        throw new IllegalStateException("the implicit latent prior has " + p.std().length + " entries for a latent of "
            + config.latent());
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the implicit latent prior: " + e.getMessage(), e);
    }
  }
}
