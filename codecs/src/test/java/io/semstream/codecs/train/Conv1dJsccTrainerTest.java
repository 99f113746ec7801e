package io.semstream.codecs.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
    String text = TwoLegs.run(new Conv1dJsccTrainer()::train, dir, 8, 2e-3f);
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
}
