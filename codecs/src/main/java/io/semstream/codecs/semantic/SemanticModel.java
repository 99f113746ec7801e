package io.semstream.codecs.semantic;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.ShippedWeights;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * One trained set of the semantic-token network's weights and its residual codebook (shipped on the
 * classpath, or from files named by system properties). The network is the same for every set; what it was
 * trained on differs: {@link #PHOTOS} for photographs and video, {@link #FASHION_MNIST} for the frames of the
 * machine task.
 */
public final class SemanticModel {
  public static final SemanticModel PHOTOS = new SemanticModel("semantic", "photographs");
  public static final SemanticModel FASHION_MNIST = new SemanticModel("semantic-fashion", "Fashion-MNIST frames");

  private final String name;
  private final String trainedOn;
  private final ShippedWeights weights;
  private final ShippedWeights codebook;

  private SemanticModel(String name, String trainedOn) {
    this.name = name;
    this.trainedOn = trainedOn;
    this.weights = new ShippedWeights(weightsResource(), "semstream." + name + ".weights",
        "semantic-token (" + trainedOn + ")");
    this.codebook = new ShippedWeights(codebookResource(), codebookProperty(), "semantic codebook (" + trainedOn + ")");
  }

  /** E.g. {@code semantic} or {@code semantic-fashion}: names the resources and the system properties. */
  public String name() {
    return name;
  }

  public String trainedOn() {
    return trainedOn;
  }

  public String weightsResource() {
    return "/models/semantic/" + name + ".ssw";
  }

  public String codebookResource() {
    return "/models/semantic/" + name + "-codebook.srvq";
  }

  /** Overrides the shipped codebook with a file. */
  public String codebookProperty() {
    return "semstream." + name + ".codebook";
  }

  /** Why the weights cannot be loaded here, or empty when they can. */
  public Optional<String> unavailable() {
    return weights.unavailable();
  }

  /** Why the digital variant cannot run here (weights or codebook missing), or empty when it can. */
  public Optional<String> codebookUnavailable() {
    return unavailable().or(codebook::unavailable);
  }

  /** A model with these weights. The caller closes it. */
  public Model load() {
    return weights.loadInto(newModel(0));
  }

  /** This set's residual codebook of the digital variant. */
  public ResidualCodebook loadCodebook() {
    try (InputStream in = codebook.open()) {
      return ResidualCodebook.load(new BufferedInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the codebook of " + name + ": " + e.getMessage(), e);
    }
  }

  /** A new model holding a randomly initialised network (seeded). The caller closes it. */
  public static Model newModel(long seed) {
    Model model = NativeEngine.newModel("semantic");
    SemanticNetwork net = new SemanticNetwork();
    model.setBlock(net);
    NativeEngine.initialiseSeeded(seed, () -> net.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, 3, SemanticNetwork.TILE, SemanticNetwork.TILE), new Shape(1, 2)));
    return model;
  }
}
