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

/** A short run of the 1-D Deep JSCC trainer on two small series: it learns, checkpoints, resumes, writes weights. */
class Conv1dJsccTrainerTest {
  @TempDir Path dir;

  @Test
  void aRunLearnsCheckpointsAndResumesToItsWeights() throws Exception {
    Path series = Files.createDirectories(dir.resolve("series"));
    StringBuilder a = new StringBuilder("# sample-rate-hz: 50\nx,y\n");
    for (int t = 0; t < 600; t++) {
      a.append((float) Math.sin(t / 9.0)).append(',').append((float) Math.cos(t / 23.0)).append('\n');
    }
    Files.writeString(series.resolve("a.csv"), a);
    Path ckpt = dir.resolve("ckpt"), out = dir.resolve("series.ssw");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8);
    new Conv1dJsccTrainer().train(options(series, out, ckpt, false, 20), print);
    assertEquals("step=20", Files.readString(ckpt.resolve("latest.properties")).trim());
    new Conv1dJsccTrainer().train(options(series, out, ckpt, true, 60), print);
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("2 training channels") && text.contains("resumed at step 20"), text);
    assertTrue(Files.size(out) > 0, "the finished run writes its weights");
    Matcher m = Pattern.compile("step (\\d+): NMSE after the channel (-?[0-9.]+) dB").matcher(text);
    double first = Double.NaN, last = Double.NaN;
    while (m.find()) {
      double v = Double.parseDouble(m.group(2));
      if (Double.isNaN(first)) {
        first = v;
      }
      last = v;
    }
    assertTrue(last < first - 1, "two sines are learnt: NMSE " + first + " dB at step 20, " + last + " at 60");
  }

  private static Conv1dJsccTrainer.Options options(Path series, Path out, Path ckpt, boolean resume, int stopAt) {
    return new Conv1dJsccTrainer.Options(series, out, ckpt, 60, 8, 2e-3f, 3, 5, 15, resume, 20, stopAt);
  }
}
