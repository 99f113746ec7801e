package io.semstream.codecs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.explicit.ExplicitNetwork;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.weights.WeightsFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few steps of the real trainer on a tiny network: it writes loadable weights and resumes where it stopped. */
class ExplicitTrainerTest {

  @TempDir Path dir;

  private Path photos() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("photos"));
    Random rnd = new Random(3);
    for (int n = 0; n < 3; n++) {
      int w = 160, h = 144;
      byte[] rgb = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = (y * w + x) * 3;
          // Smooth gradients plus a little texture: something a codec can learn from in a few steps.
          rgb[i] = (byte) (x + 40 * n);
          rgb[i + 1] = (byte) (y + rnd.nextInt(16));
          rgb[i + 2] = (byte) ((x + y) / 2);
        }
      }
      ImageIO.write(ImageFiles.toBufferedImage(new RgbImage(w, h, rgb)), "png", folder.resolve("p" + n + ".png").toFile());
    }
    return folder;
  }

  private ExplicitTrainer.Options options(Path photos, int steps, boolean resume) {
    return new ExplicitTrainer.Options(photos, dir.resolve("out.ssw"), dir.resolve("ckpt"), steps, 2, 64,
        1e-3f, 5, 0, 20, resume, 2, 3e-4, 0.02, new double[] {1.0 / 16, 1.0 / 48}, ExplicitNetwork.Config.tiny(), steps,
        List.of(), false, 0.5);
  }

  @Test
  void trainsWritesWeightsAndResumes() throws Exception {
    Path photos = photos();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ExplicitTrainer.Progress first = new ExplicitTrainer().train(options(photos, 3, false), new PrintStream(log, true));
    assertTrue(Double.isFinite(first.loss()) && first.mse() > 0, "first run " + first);
    assertTrue(first.bitsPerPixel() > 0, "the rate term is measured: " + first);
    assertTrue(first.cbr() > 0 && first.cbr() <= 1.25 / 16, "symbols stay within the largest jittered CBR: " + first);
    assertEquals("step=3", Files.readString(dir.resolve("ckpt/latest.properties")).trim());

    ExplicitTrainer.Progress second = new ExplicitTrainer().train(options(photos, 5, true), new PrintStream(log, true));
    assertEquals(5, second.step());
    assertTrue(log.toString().contains("resumed from"), log.toString());
    assertEquals("step=5", Files.readString(dir.resolve("ckpt/latest.properties")).trim());

    // A run on an 8-step schedule stopped after step 6: checkpoint and weights are those of step 6.
    ExplicitTrainer.Progress third = new ExplicitTrainer().train(options(photos, 8, true).stoppingAt(6),
        new PrintStream(log, true));
    assertEquals(6, third.step());
    assertEquals("step=6", Files.readString(dir.resolve("ckpt/latest.properties")).trim());
    assertThrows(IllegalArgumentException.class, () -> options(photos, 8, true).stoppingAt(9));

    // The float16 output loads into a fresh network of the same size and makes a working codec.
    // Weights first: the codec builds its entropy tables from them when it is constructed.
    var model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 1);
    try (InputStream in = Files.newInputStream(dir.resolve("out.ssw"))) {
      WeightsFile.load(model.getBlock(), in);
    }
    try (ExplicitCodec codec = new ExplicitCodec("t", 1.0 / 16, model)) {
      assertTrue(codec.analyse(RgbImage.filled(64, 64, 90), 10).channelUses() > 0);
    }
  }

  @Test
  void aNonFiniteGradientIsSeenAndClearedBeforeTheNextStep() {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 1);
         Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
      trainer.initialize(new Shape(1, 3, 64, 64), new Shape(1, 1), new Shape(1, 1));
      try (NDManager scope = trainer.getManager().newSubManager()) {
        NDList in = new NDList(scope.randomUniform(0f, 1f, new Shape(1, 3, 64, 64)),
            scope.create(new float[] {10f}, new Shape(1, 1)), scope.create(new float[] {0.25f}, new Shape(1, 1)));
        try (GradientCollector gc = trainer.newGradientCollector()) {
          gc.backward(trainer.forward(in).get(0).mean().mul(Float.NaN));
        }
        assertFalse(ExplicitTrainer.finiteGradients(model));
        ExplicitTrainer.zeroGradients(model);
        assertTrue(ExplicitTrainer.finiteGradients(model));
        // A fresh backward after the clearing gives finite gradients again (nothing left over to add to).
        try (GradientCollector gc = trainer.newGradientCollector()) {
          gc.backward(trainer.forward(in).get(0).mean());
        }
        assertTrue(ExplicitTrainer.finiteGradients(model));
      }
    }
  }

  /** Bad steps between real ones, on the product network, with Adam stepping in between. */
  @Test
  void clearingGradientsBetweenOptimiserStepsIsSafe() {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.standard(), 1);
         Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
             .optOptimizer(Optimizer.adam().optClipGrad(1f).build()))) {
      trainer.initialize(new Shape(2, 3, 64, 64), new Shape(2, 1), new Shape(2, 1));
      for (int i = 0; i < 12; i++) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
          NDArray x = scope.randomUniform(0f, 1f, new Shape(2, 3, 64, 64));
          NDList in = new NDList(x, scope.create(new float[] {3f, 15f}, new Shape(2, 1)),
              scope.create(new float[] {0.25f, 0.25f}, new Shape(2, 1)));
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray mse = trainer.forward(in).get(0).sub(x).square().mean();
            gc.backward(i % 3 == 1 ? mse.mul(Float.NaN) : mse);
          }
          if (ExplicitTrainer.finiteGradients(model)) {
            trainer.step();
          } else {
            ExplicitTrainer.zeroGradients(model);
            assertTrue(ExplicitTrainer.finiteGradients(model), "step " + i);
          }
        }
      }
    }
  }

  @Test
  void rejectsCropsTheNetworkCannotTile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExplicitTrainer.Options(
        dir, dir.resolve("o"), dir, 1, 1, 100, 1e-3f, 1, 0, 20, false, 1, 3e-4, 0.02, new double[] {0.0625},
        ExplicitNetwork.Config.tiny(), 1, List.of(), false, 0));
    assertTrue(e.getMessage().contains("multiple of 64"), e.getMessage());
  }

  @Test
  void frozenStagesComeOutOfTrainingBitIdenticalAndTheRestMoves() throws Exception {
    Path photos = photos();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
    new ExplicitTrainer().train(options(photos, 2, false), quiet);
    Path before = Files.copy(dir.resolve("ckpt/latest.ssw"), dir.resolve("before.ssw"));
    List<String> frozen = List.of("h_a", "bottleneck", "h_s");
    new ExplicitTrainer().train(options(photos, 4, true).freezing(frozen), quiet);

    Map<String, float[]> a = parameters(before), b = parameters(dir.resolve("ckpt/latest.ssw"));
    int frozenSeen = 0, moved = 0;
    for (String name : a.keySet()) {
      boolean same = Arrays.equals(a.get(name), b.get(name));
      if (frozen.stream().anyMatch(stage -> name.matches("[0-9]+" + stage + "_.*"))) {
        assertTrue(same, name + " is frozen but changed");
        frozenSeen++;
      } else if (!same) {
        moved++;
      }
    }
    assertTrue(frozenSeen >= 6, "the frozen stages' parameters were found: " + frozenSeen);
    assertTrue(moved >= 10, "the other stages kept training: " + moved + " tensors changed");
  }

  @Test
  void theStageNamesAreTheNetworksOwnChildren() {
    var children = new TreeSet<String>();
    new ExplicitNetwork(ExplicitNetwork.Config.tiny()).getChildren()
        .forEach(c -> children.add(ExplicitNetwork.stageName(c.getKey())));
    assertEquals(new TreeSet<>(ExplicitNetwork.STAGES), children);
  }

  @Test
  void freezingAStageTheNetworkDoesNotHaveIsRefusedWithTheStageNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> options(dir, 2, false).freezing(List.of("h_a", "hyperprior")));
    assertTrue(e.getMessage().contains("[hyperprior]") && e.getMessage().contains("bottleneck"), e.getMessage());
  }

  private static Map<String, float[]> parameters(Path weights) throws IOException {
    Map<String, float[]> out = new TreeMap<>();
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 1);
         InputStream in = Files.newInputStream(weights)) {
      WeightsFile.load(model.getBlock(), in);
      for (var p : model.getBlock().getParameters()) {
        out.put(p.getKey(), p.getValue().getArray().toFloatArray());
      }
    }
    return out;
  }
}
