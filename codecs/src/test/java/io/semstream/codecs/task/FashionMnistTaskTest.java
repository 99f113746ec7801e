package io.semstream.codecs.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.semstream.codecs.eval.CodecEvaluator;
import io.semstream.codecs.eval.EvalRow;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The machine task: the data set as the Debian package ships it, and the shipped classifier on it. */
class FashionMnistTaskTest {

  @BeforeAll
  static void dataSetInstalled() {
    assumeTrue(FashionMnist.unavailable().isEmpty(), () -> FashionMnist.unavailable().get());
  }

  @Test
  void itemsBecomeGreyFramesOfOneTileThatReadBackAsTheItem() throws IOException {
    List<FashionMnist.Item> items = FashionMnist.read(FashionMnist.Split.TEST, 20);
    assertEquals(20, items.size());
    assertEquals("fmnist-t10k-00000", items.get(0).name());
    FashionMnist.Item first = items.get(0);
    RgbImage frame = FashionMnist.frame(first);
    assertEquals(256, frame.width());
    assertEquals(256, frame.height());
    assertEquals(frame.get(100, 37, 0), frame.get(100, 37, 2), "grey in every channel");
    // The frame's centre pixel of item cell (14, 14) is close to that cell's value.
    int cell = first.pixels()[14 * 28 + 14] & 0xFF;
    assertTrue(Math.abs(frame.get((int) (14.5 * 256 / 28), (int) (14.5 * 256 / 28), 0) - cell) <= 2);
  }

  @Test
  void theClassifierReadsCleanTestFramesAndFailsOnGrey() throws IOException {
    try (FashionMnistTask task = new FashionMnistTask(300)) {
      List<RgbImage> clean = new ArrayList<>(), grey = new ArrayList<>();
      for (CodecEvaluator.Image i : task.images()) {
        clean.add(i.image());
        grey.add(RgbImage.filled(256, 256, 128));
      }
      double right = count(task.correct(task.images(), clean)) / 300.0;
      double blind = count(task.correct(task.images(), grey)) / 300.0;
      assertTrue(right > 0.85, "accuracy on clean frames " + right);
      assertTrue(blind < 0.25, "a grey frame is one class for every item: " + blind);
    }
  }

  @Test
  void anEvaluationWithTheTaskReportsItsAccuracyBesidePsnr() throws IOException {
    try (FashionMnistTask task = new FashionMnistTask(40)) {
      List<EvalRow> rows = new CodecEvaluator(CodecRegistry.standard(), 1, task)
          .evaluate(List.of("softcast-c96"), task.images(), List.of(1.0, 13.0), List.of("awgn"), false);
      assertTrue(rows.get(1).taskAccuracy() >= rows.get(0).taskAccuracy(), rows.toString());
      assertTrue(rows.get(1).taskAccuracy() > 0.7, rows.toString());
      assertTrue(rows.get(1).psnr() > rows.get(0).psnr());
    }
  }

  private static int count(boolean[] b) {
    int n = 0;
    for (boolean x : b) {
      n += x ? 1 : 0;
    }
    return n;
  }
}
