package io.semstream.codecs.softcast;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.ShippedWeights;
import java.util.Optional;

/**
 * Builds the refiner network and loads a receiver's trained weights (shipped on the classpath, or from a
 * file): one network design, one set of weights per reconstruction it learns to correct.
 */
public final class RefinerModel {
  /** The correction of SoftCast's LLSE picture ({@link RefinedSoftCastCodec}). */
  public static final RefinerModel SOFTCAST = new RefinerModel("/models/refined/refiner.ssw",
      "semstream.refiner.weights", "SoftCast refiner");
  /** The correction of the hybrid digital-analog picture (codecs.hda). */
  public static final RefinerModel HDA = new RefinerModel("/models/hda-refined/refiner.ssw",
      "semstream.hda.refiner.weights", "hybrid digital-analog refiner");

  private final ShippedWeights weights;

  private RefinerModel(String resource, String property, String what) {
    this.weights = new ShippedWeights(resource, property, what);
  }

  /** Where the shipped weights are on the classpath. */
  public String resource() {
    return weights.resource();
  }

  public static Refiner.Config config() {
    return Refiner.Config.standard();
  }

  /** A new model holding a network at its initialisation (seeded): the identity. The caller closes it. */
  public static Model newModel(Refiner.Config config, long seed) {
    Model model = NativeEngine.newModel("refiner");
    Refiner net = new Refiner(config);
    model.setBlock(net);
    NativeEngine.initialiseSeeded(seed, () -> net.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, 3, 16, 16), new Shape(1, 2)));
    return model;
  }

  /** Why the weights cannot be loaded here, or empty when they can. */
  public Optional<String> unavailable() {
    return weights.unavailable();
  }

  /** A model with the shipped (or overriding) weights. */
  public Model load() {
    return weights.loadInto(newModel(config(), 0));
  }
}
