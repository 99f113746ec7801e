package io.semstream.codecs.deepjscc;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.models.WeightsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the network and loads its trained weights (shipped on the classpath or from a file). */
public final class DeepJsccModel {
  /** Width of the network's feature maps; part of the architecture the weights belong to. */
  public static final int WIDTH = 96;
  public static final String WEIGHTS_RESOURCE = "/models/deepjscc/deepjscc.ssw";
  /** Overrides the shipped weights, e.g. to evaluate a checkpoint being trained. */
  public static final String WEIGHTS_PROPERTY = "semstream.deepjscc.weights";

  private DeepJsccModel() {}

  /** A new model holding an initialised (random) network. The caller closes the model. */
  public static Model newModel() {
    Model model = Model.newInstance("deepjscc", "PyTorch");
    DeepJsccNetwork net = new DeepJsccNetwork(WIDTH);
    model.setBlock(net);
    net.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, 3, 64, 64), new Shape(1, 1), new Shape(1, DeepJsccNetwork.LATENT_CHANNELS, 1, 1));
    return model;
  }

  /** A model with the trained weights loaded. */
  public static Model load() {
    Model model = newModel();
    try (InputStream in = openWeights()) {
      WeightsFile.load(model.getBlock(), in);
      return model;
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot load Deep JSCC weights: " + e.getMessage(), e);
    }
  }

  private static InputStream openWeights() throws IOException {
    String override = System.getProperty(WEIGHTS_PROPERTY);
    if (override != null && !override.isBlank()) {
      return Files.newInputStream(Path.of(override));
    }
    InputStream in = DeepJsccModel.class.getResourceAsStream(WEIGHTS_RESOURCE);
    if (in == null) {
      throw new IOException("the trained weights " + WEIGHTS_RESOURCE + " are not on the classpath");
    }
    return in;
  }
}
