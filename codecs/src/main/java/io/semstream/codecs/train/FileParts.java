package io.semstream.codecs.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checkpoint files cut into parts of at most {@link #MAX_PART} bytes ({@code NAME.part0}, {@code NAME.part1},
 * ...), because the repository that carries checkpoints from one training leg to the next takes no file over
 * 5 MB. A file under the limit stays whole.
 */
final class FileParts {
  static final int MAX_PART = 4 << 20;

  private FileParts() {}

  /** Replaces {@code file} by its parts when it is over the limit; removes parts left by an earlier save. */
  static void split(Path file) throws IOException {
    for (int i = 0; Files.deleteIfExists(part(file, i)); i++) {
      // stale parts of an earlier, larger save
    }
    if (Files.size(file) <= MAX_PART) {
      return;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[MAX_PART];
      for (int i = 0; ; i++) {
        int n = in.readNBytes(buf, 0, MAX_PART);
        if (n == 0) {
          break;
        }
        try (OutputStream out = Files.newOutputStream(part(file, i))) {
          out.write(buf, 0, n);
        }
      }
    }
    Files.delete(file);
  }

  /** Whether the file exists whole or in parts. */
  static boolean exists(Path file) {
    return Files.exists(file) || Files.exists(part(file, 0));
  }

  /** The file itself, or its parts joined into a temporary file (deleted when the JVM exits). */
  static Path readable(Path file) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    if (!Files.exists(part(file, 0))) {
      throw new IOException(file + " does not exist, whole or in parts");
    }
    Path joined = Files.createTempFile(file.getFileName().toString(), ".joined");
    joined.toFile().deleteOnExit();
    try (OutputStream out = Files.newOutputStream(joined)) {
      for (int i = 0; Files.exists(part(file, i)); i++) {
        Files.copy(part(file, i), out);
      }
    }
    return joined;
  }

  static Path part(Path file, int i) {
    return file.resolveSibling(file.getFileName() + ".part" + i);
  }
}
