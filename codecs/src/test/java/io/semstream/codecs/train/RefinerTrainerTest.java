package io.semstream.codecs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.softcast.Refiner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** A few steps of the refiner trainer on a tiny network: checkpoints with Adam's moments, and a resume. */
class RefinerTrainerTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(RefinerTrainer.Target.class)
  void aRunWritesItsCheckpointAndAResumedRunContinuesFromItsStepToTheWeights(RefinerTrainer.Target target)
      throws Exception {
    Path photos = Files.createDirectories(dir.resolve("photos"));
    Random rnd = new Random(5);
    for (int n = 0; n < 2; n++) {
      int w = 416, h = 272;
      byte[] rgb = new byte[w * h * 3];
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = (byte) ((i / 3 % w) / 2 + 30 * n + rnd.nextInt(20));
      }
      ImageIO.write(ImageFiles.toBufferedImage(new RgbImage(w, h, rgb)), "png",
          photos.resolve("p" + n + ".png").toFile());
    }
    Path ckpt = dir.resolve("ckpt"), out = dir.resolve("refiner.ssw");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8);
    new RefinerTrainer().train(options(target, photos, out, ckpt, false, 2), print);
    assertEquals("step=2", Files.readString(ckpt.resolve("latest.properties")).trim());
    assertTrue(Files.size(ckpt.resolve("latest.adam")) > 0);
    assertTrue(!Files.exists(out) || Files.size(out) > 0);

    new RefinerTrainer().train(options(target, photos, out, ckpt, true, 4), print);
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("resumed at step 2"), text);
    assertEquals("step=4", Files.readString(ckpt.resolve("latest.properties")).trim());
    assertTrue(Files.size(out) > 0, "the finished run writes its weights");
  }

  private static RefinerTrainer.Options options(RefinerTrainer.Target target, Path photos, Path out, Path ckpt,
      boolean resume, int stopAt) {
    return new RefinerTrainer.Options(target, photos, out, ckpt, 4, 2, 32, 1e-3f, 3, 0, 16, resume, 2, 8,
        Refiner.Config.tiny(), stopAt, new int[] {192, 256});
  }
}
