package io.semstream.codecs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two legs of a telemetry trainer on one small series of two sines (steps 0–20, then resumed to 60 of a 60-step
 * schedule), with what every such run must show checked: the checkpoint's step, the resume, the weights.
 */
final class TwoLegs {
  interface Trainer {
    void train(SeriesTraining.Options o, PrintStream log) throws IOException;
  }

  private TwoLegs() {}

  /** @return both legs' log */
  static String run(Trainer trainer, Path dir, int batch, float lr) throws IOException {
    Path series = Files.createDirectories(dir.resolve("series"));
    StringBuilder a = new StringBuilder("# sample-rate-hz: 50\nx,y\n");
    for (int t = 0; t < 600; t++) {
      a.append((float) Math.sin(t / 9.0)).append(',').append((float) Math.cos(t / 23.0)).append('\n');
    }
    Files.writeString(series.resolve("a.csv"), a);
    Path ckpt = dir.resolve("ckpt"), out = dir.resolve("series.ssw");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8);
    trainer.train(new SeriesTraining.Options(series, out, ckpt, 60, batch, lr, 3, 5, 15, false, 20, 20), print);
    assertEquals("step=20", Files.readString(ckpt.resolve("latest.properties")).trim());
    trainer.train(new SeriesTraining.Options(series, out, ckpt, 60, batch, lr, 3, 5, 15, true, 20, 60), print);
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("2 training channels") && text.contains("resumed at step 20"), text);
    assertEquals("step=60", Files.readString(ckpt.resolve("latest.properties")).trim());
    assertTrue(Files.size(out) > 0, "the finished run writes its weights");
    return text;
  }
}
