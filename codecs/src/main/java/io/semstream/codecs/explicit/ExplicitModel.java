package io.semstream.codecs.explicit;

import ai.djl.Model;
import io.semstream.codecs.models.WeightsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the product-size explicit network and loads its trained weights (classpath or a file). */
public final class ExplicitModel {
  public static final String WEIGHTS_RESOURCE = "/models/explicit/explicit.ssw";
  /** Overrides the shipped weights, e.g. to evaluate a checkpoint being trained. */
  public static final String WEIGHTS_PROPERTY = "semstream.explicit.weights";

  private ExplicitModel() {}

  /** The architecture the shipped weights belong to. */
  public static ExplicitNetwork.Config config() {
    return ExplicitNetwork.Config.standard();
  }

  /** A model with the trained weights loaded; the caller (usually an {@link ExplicitCodec}) closes it. */
  public static Model load() {
    Model model = ExplicitCodec.newModel(config(), 0);
    try (InputStream in = openWeights()) {
      WeightsFile.load(model.getBlock(), in);
      return model;
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot load explicit NeurJSCC weights: " + e.getMessage(), e);
    }
  }

  private static InputStream openWeights() throws IOException {
    String override = System.getProperty(WEIGHTS_PROPERTY);
    if (override != null && !override.isBlank()) {
      return Files.newInputStream(Path.of(override));
    }
    InputStream in = ExplicitModel.class.getResourceAsStream(WEIGHTS_RESOURCE);
    if (in == null) {
      throw new IOException("the trained weights " + WEIGHTS_RESOURCE + " are not on the classpath");
    }
    return in;
  }
}
