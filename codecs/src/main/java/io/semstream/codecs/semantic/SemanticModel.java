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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Builds the semantic-token network and loads its trained weights (shipped on the classpath, or from a file). */
public final class SemanticModel {
  public static final String WEIGHTS_RESOURCE = "/models/semantic/semantic.ssw";
  /** Overrides the shipped weights, e.g. to evaluate a checkpoint being trained. */
  public static final String WEIGHTS_PROPERTY = "semstream.semantic.weights";

  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY,
      "semantic-token");

  public static final String CODEBOOK_RESOURCE = "/models/semantic/codebook.srvq";
  /** Overrides the shipped codebook. */
  public static final String CODEBOOK_PROPERTY = "semstream.semantic.codebook";

  private SemanticModel() {}

  /** Why the digital variant cannot run here (weights or codebook missing), or empty when it can. */
  public static Optional<String> codebookUnavailable() {
    Optional<String> weights = unavailable();
    if (weights.isPresent()) {
      return weights;
    }
    String file = System.getProperty(CODEBOOK_PROPERTY);
    boolean present = file != null ? Files.isReadable(Path.of(file))
        : SemanticModel.class.getResource(CODEBOOK_RESOURCE) != null;
    return present ? Optional.empty() : Optional.of("the semantic codebook " + (file != null ? file : CODEBOOK_RESOURCE)
        + " is not there (train --codec semantic-codebook)");
  }

  /** The shipped (or overriding) residual codebook of the digital variant. */
  public static ResidualCodebook loadCodebook() {
    String file = System.getProperty(CODEBOOK_PROPERTY);
    try (InputStream in = file != null ? Files.newInputStream(Path.of(file))
        : SemanticModel.class.getResourceAsStream(CODEBOOK_RESOURCE)) {
      if (in == null) {
        throw new IOException(CODEBOOK_RESOURCE + " is not on the classpath");
      }
      return ResidualCodebook.load(new BufferedInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the semantic codebook: " + e.getMessage(), e);
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

  /** Why the weights cannot be loaded here, or empty when they can. */
  public static Optional<String> unavailable() {
    return WEIGHTS.unavailable();
  }

  /** A model with the shipped (or overriding) weights. */
  public static Model load() {
    return WEIGHTS.loadInto(newModel(0));
  }
}
