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
 * A resumable training checkpoint in a folder: {@code latest.ssw} (float32 weights) and
 * {@code latest.properties} (the step reached). The weights are written to a temporary file and moved
 * into place, so a run killed mid-write leaves the previous checkpoint intact.
 */
public final class Checkpoint {
  private final Path weights;
  private final Path state;

  public Checkpoint(Path dir) throws IOException {
    Files.createDirectories(dir);
    weights = dir.resolve("latest.ssw");
    state = dir.resolve("latest.properties");
  }

  public boolean exists() {
    return Files.exists(weights) && Files.exists(state);
  }

  /** Loads the weights into {@code block} and returns the step they were saved at. */
  public int restore(Block block) throws IOException {
    try (InputStream in = Files.newInputStream(weights)) {
      WeightsFile.load(block, in);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(state)) {
      p.load(in);
    }
    return Integer.parseInt(p.getProperty("step", "0"));
  }

  public void save(Block block, int step) throws IOException {
    Path tmp = weights.resolveSibling(weights.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      WeightsFile.save(block, out, false);
    }
    Files.move(tmp, weights, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(state, "step=" + step + "\n", StandardCharsets.UTF_8);
  }

  public Path weights() {
    return weights;
  }
}
