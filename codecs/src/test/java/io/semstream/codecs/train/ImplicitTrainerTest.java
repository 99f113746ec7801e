package io.semstream.codecs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.implicit.LatentPrior;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few meta-training steps on two small series: checkpoint with Adam's moments and the prior, a resume, the weights. */
class ImplicitTrainerTest {
  @TempDir Path dir;

  @Test
  void aRunCheckpointsAndAResumedRunContinuesToTheWeightsAndTheirPrior() throws Exception {
    Path series = Files.createDirectories(dir.resolve("series"));
    StringBuilder a = new StringBuilder("# sample-rate-hz: 50\nx,y\n");
    StringBuilder b = new StringBuilder("timestamp,t\n");
    for (int t = 0; t < 400; t++) {
      a.append((float) Math.sin(t / 9.0)).append(',').append((float) (t % 37) / 37f).append('\n');
      b.append(1_700_000_000_000L + 1000L * t).append(',').append((float) (20 + Math.cos(t / 31.0))).append('\n');
    }
    Files.writeString(series.resolve("a.csv"), a);
    Files.writeString(series.resolve("b.csv"), b);
    Path ckpt = dir.resolve("ckpt"), out = dir.resolve("series.ssw");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8);
    new ImplicitTrainer().train(options(series, out, ckpt, false, 2), print);
    assertEquals("step=2", Files.readString(ckpt.resolve("latest.properties")).trim());
    assertTrue(Files.size(ckpt.resolve("latest.adam")) > 0);
    new ImplicitTrainer().train(options(series, out, ckpt, true, 4), print);
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("3 training channels") && text.contains("resumed at step 2"), text);
    assertEquals("step=4", Files.readString(ckpt.resolve("latest.properties")).trim());
    assertTrue(Files.size(out) > 0, "the finished run writes its weights");
    try (InputStream in = Files.newInputStream(dir.resolve("series-prior.txt"))) {
      assertEquals(64, LatentPrior.read(in).std().length);
    }
  }

  @Test
  void theFrameFieldMetaLearnsOnPatchesOfPhotographsAndWritesItsPrior() throws Exception {
    Path photos = Files.createDirectories(dir.resolve("photos"));
    for (int i = 0; i < 2; i++) {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(48 + 8 * i, 40,
          java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          img.setRGB(x, y, ((x * 5) & 0xff) << 16 | ((y * 6) & 0xff) << 8 | ((x * y + 40 * i) & 0xff));
        }
      }
      javax.imageio.ImageIO.write(img, "png", photos.resolve("p" + i + ".png").toFile());
    }
    Path ckpt = dir.resolve("frame-ckpt"), out = dir.resolve("frame.ssw");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    new ImplicitFrameTrainer().train(new SeriesTraining.Options(photos, out, ckpt, 3, 4, 1e-4f, 3, 0, 16, false, 2,
        3), new PrintStream(log, true, StandardCharsets.UTF_8));
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("16x16 patches") && text.contains("step 3:"), text);
    assertEquals("step=3", Files.readString(ckpt.resolve("latest.properties")).trim());
    try (InputStream in = Files.newInputStream(dir.resolve("frame-prior.txt"))) {
      assertEquals(96, LatentPrior.read(in).std().length);
    }
  }

  private static SeriesTraining.Options options(Path series, Path out, Path ckpt, boolean resume, int stopAt) {
    return new SeriesTraining.Options(series, out, ckpt, 4, 4, 1e-4f, 3, 0, 16, resume, 2, stopAt);
  }
}
