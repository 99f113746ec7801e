package io.semstream.codecs.weights;

import ai.djl.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A codec's trained weights: the file a system property names (to evaluate a checkpoint being
 * trained), else the classpath resource shipped with the code.
 *
 * @param resource classpath resource of the shipped weights
 * @param property system property that overrides them with a file
 * @param what the model's name in error messages
 */
public record ShippedWeights(String resource, String property, String what) {

  /** Loads the weights into {@code model}'s block; closes the model and throws if they cannot be read. */
  public Model loadInto(Model model) {
    try (InputStream in = open()) {
      WeightsFile.load(model.getBlock(), in);
      return model;
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot load " + what + " weights: " + e.getMessage(), e);
    }
  }

  /** Why the weights cannot be loaded here (no file, no resource), or empty when they can. */
  public Optional<String> unavailable() {
    String override = System.getProperty(property);
    if (override != null && !override.isBlank()) {
      return Files.isReadable(Path.of(override)) ? Optional.empty()
          : Optional.of(property + " names " + override + ", which cannot be read");
    }
    return ShippedWeights.class.getResource(resource) != null ? Optional.empty()
        : Optional.of("the " + what + " weights " + resource + " are not on the classpath (not trained yet?)");
  }

  /** The overriding file if the property names one, else the shipped resource. The caller closes it. */
  public InputStream open() throws IOException {
    String override = System.getProperty(property);
    if (override != null && !override.isBlank()) {
      return Files.newInputStream(Path.of(override));
    }
    InputStream in = ShippedWeights.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("the trained " + what + " " + resource + " is not on the classpath");
    }
    return in;
  }
}
