package io.semstream.fuzz;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.io.FrameSourceException;
import io.semstream.io.Y4mSource;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * What users hand the command line: a Y4M stream, a telemetry CSV, a PNG or JPEG picture. Each reader may refuse
 * an input only with the exception it documents (an {@link IOException}, an {@link IllegalArgumentException} or
 * a {@link FrameSourceException}, with the reason); anything else, or running out of memory, is a finding.
 */
public final class FileInputs {
  /** Frames read from one fuzzed Y4M at most: enough to pass the header and the frame logic. */
  private static final int MAX_FRAMES = 4;

  private FileInputs() {}

  public static void fuzzerTestOneInput(byte[] data) {
    FuzzInput in = new FuzzInput(data);
    int kind = in.nextInt(0, 2);
    byte[] rest = in.rest();
    try {
      switch (kind) {
        case 0 -> {
          try (Y4mSource y4m = new Y4mSource(new ByteArrayInputStream(rest), "fuzz.y4m", true)) {
            for (int i = 0; i < MAX_FRAMES && y4m.hasNext(); i++) {
              y4m.next();
            }
          }
        }
        case 1 -> TelemetryCsv.read(new BufferedReader(new StringReader(new String(rest, StandardCharsets.UTF_8))),
            rest.length > 0 && (rest[0] & 1) == 1 ? 100.0 : Double.NaN, "fuzz.csv");
        default -> ImageFiles.decode(rest);
      }
    } catch (IOException | IllegalArgumentException | FrameSourceException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("refused without a reason", e);
      }
    }
  }
}
