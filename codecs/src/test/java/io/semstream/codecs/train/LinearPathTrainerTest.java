package io.semstream.codecs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run of the implicit linear-path trainer on two small series: it starts at the linear estimate, checkpoints, resumes, writes weights. */
class LinearPathTrainerTest {
  @TempDir Path dir;

  @Test
  void aRunStartsAtTheLinearEstimateCheckpointsAndResumesToItsWeights() throws Exception {
    Path series = Files.createDirectories(dir.resolve("series"));
    StringBuilder a = new StringBuilder("# sample-rate-hz: 50\nx,y\n");
    for (int t = 0; t < 600; t++) {
      a.append((float) Math.sin(t / 9.0)).append(',').append((float) Math.cos(t / 23.0)).append('\n');
    }
    Files.writeString(series.resolve("a.csv"), a);
    Path ckpt = dir.resolve("ckpt"), out = dir.resolve("series.ssw");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8);
    new LinearPathTrainer().train(options(series, out, ckpt, false, 20), print);
    assertEquals("step=20", Files.readString(ckpt.resolve("latest.properties")).trim());
    new LinearPathTrainer().train(options(series, out, ckpt, true, 60), print);
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("2 training channels") && text.contains("resumed at step 20"), text);
    assertTrue(Files.size(out) > 0, "the finished run writes its weights");
    // The field starts at zero, the linear estimate itself, and a correction must not make it worse.
    Matcher m = Pattern.compile("step (\\d+): NMSE of the linear estimate (-?[0-9.]+) dB, with the field (-?[0-9.]+) dB")
        .matcher(text);
    double last = Double.NaN;
    while (m.find()) {
      last = Double.parseDouble(m.group(3)) - Double.parseDouble(m.group(2));
    }
    assertTrue(Math.abs(last) < 0.05, "the field moves the linear estimate by " + last + " dB in 60 small steps");
  }

  private static LinearPathTrainer.Options options(Path series, Path out, Path ckpt, boolean resume, int stopAt) {
    return new LinearPathTrainer.Options(series, out, ckpt, 60, 8, 1e-4f, 3, 5, 15, resume, 20, stopAt);
  }
}
