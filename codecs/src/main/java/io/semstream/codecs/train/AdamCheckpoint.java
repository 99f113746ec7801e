package io.semstream.codecs.train;

import ai.djl.nn.Block;
import io.semstream.codecs.weights.WeightsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The resumable checkpoint of a trainer with Java-side Adam: the weights in float32 ({@code latest.ssw}), Adam's
 * moments ({@code latest.adam}) and the step ({@code latest.properties}), so a resumed leg continues the very
 * same run on any machine. Files over 4 MB are stored in {@link FileParts}, because the repository that
 * carries checkpoints takes no file over 5 MB.
 */
final class AdamCheckpoint {
  private final Path weights;
  private final Path adam;
  private final Path state;

  AdamCheckpoint(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.weights = dir.resolve("latest.ssw");
    this.adam = dir.resolve("latest.adam");
    this.state = dir.resolve("latest.properties");
  }

  boolean exists() {
    return Files.exists(state);
  }

  /** Loads weights and moments into {@code block} and {@code optimiser}; returns the step to go on from. */
  int restore(Block block, AdamState optimiser) throws IOException {
    try (InputStream in = Files.newInputStream(FileParts.readable(weights))) {
      WeightsFile.load(block, in);
    }
    optimiser.load(FileParts.readable(adam));
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(state)) {
      p.load(in);
    }
    return Integer.parseInt(p.getProperty("step"));
  }

  /** Writes the checkpoint of {@code step}; the weights file is replaced atomically. */
  void save(Block block, AdamState optimiser, int step) throws IOException {
    Path tmp = weights.resolveSibling(weights.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      WeightsFile.save(block, out, false);
    }
    Files.move(tmp, weights, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    FileParts.split(weights);
    optimiser.save(adam);
    FileParts.split(adam);
    Files.writeString(state, "step=" + step + "\n", StandardCharsets.UTF_8);
  }
}
