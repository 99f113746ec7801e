package io.semstream.codecs.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run of the linear-path trainer on two small series: it starts at the linear estimate, checkpoints, resumes. */
class LinearPathTrainerTest {
  @TempDir Path dir;

  @Test
  void aRunStartsAtTheLinearEstimateCheckpointsAndResumesToItsWeights() throws Exception {
    String text = TwoLegs.run(new LinearPathTrainer()::train, dir, 8, 1e-4f);
    // The field starts at zero, the linear estimate itself, and a correction must not make it worse.
    Matcher m = Pattern.compile("step (\\d+): NMSE of the linear estimate (-?[0-9.]+) dB, with the field (-?[0-9.]+) dB")
        .matcher(text);
    double last = Double.NaN;
    while (m.find()) {
      last = Double.parseDouble(m.group(3)) - Double.parseDouble(m.group(2));
    }
    assertTrue(Math.abs(last) < 0.05, "the field moves the linear estimate by " + last + " dB in 60 small steps");
  }
}
