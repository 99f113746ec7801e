package io.semstream.io;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Picks the frame source for a command-line argument. */
public final class FrameSources {
  static final String ACCEPTED = "expected a .y4m file, a folder of PNG/JPEG images, or - for Y4M on standard input"
      + " (convert other video with: ffmpeg -i in.mp4 -pix_fmt yuv420p -f yuv4mpegpipe in.y4m)";

  private FrameSources() {}

  /**
   * "-" reads Y4M from standard input, a folder reads its PNG/JPEG files in natural name order, a
   * {@code .y4m} file is read as Y4M.
   *
   * @param warnings where skipped files are reported (folders only)
   * @throws IllegalArgumentException for anything else, saying what is accepted
   * @throws FrameSourceException when the input is recognised but unusable (e.g. 4:2:2 Y4M)
   */
  public static FrameSource open(String pathOrDash, PrintStream warnings) throws IOException {
    if (pathOrDash == null || pathOrDash.isBlank()) {
      throw new IllegalArgumentException("no input given: " + ACCEPTED);
    }
    if (pathOrDash.equals("-")) {
      return Y4mSource.stdin();
    }
    Path path = Path.of(pathOrDash);
    if (Files.isDirectory(path)) {
      return new FrameFolderSource(path, warnings);
    }
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("no such file or folder: " + pathOrDash + "; " + ACCEPTED);
    }
    if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".y4m")) {
      return new Y4mSource(path);
    }
    throw new IllegalArgumentException("cannot read frames from " + pathOrDash + ": " + ACCEPTED);
  }
}
