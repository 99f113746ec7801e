package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.task.FashionClassifier;
import io.semstream.codecs.task.FashionMnist;
import io.semstream.codecs.weights.WeightsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains the Fashion-MNIST classifier on the 60k clean training frames (as the codecs see them: scaled to
 * 256×256 and read back at the classifier's input size), softmax cross-entropy, Adam with a cosine schedule,
 * and reports its accuracy on the 10k test frames, which the evaluation's task set is drawn from.
 */
public final class FashionClassifierTrainer {
  public static final String DEFAULT_OUTPUT = "codecs/src/main/resources" + FashionClassifier.WEIGHTS_RESOURCE;

  public record Options(Path output, int epochs, int batch, float lr, long seed) {}

  /** Returns the accuracy on the test split. */
  public double train(Options o, PrintStream log) throws IOException {
    float[][] train = inputs(FashionMnist.read(FashionMnist.Split.TRAIN, 0));
    int[] trainLabels = labels(FashionMnist.read(FashionMnist.Split.TRAIN, 0));
    List<FashionMnist.Item> testItems = FashionMnist.read(FashionMnist.Split.TEST, 0);
    int in = FashionClassifier.INPUT * FashionClassifier.INPUT;
    int steps = o.epochs() * (train.length / o.batch());
    log.printf("Fashion-MNIST classifier: %d training frames, %d epochs of %d, %d steps%n", train.length, o.epochs(),
        o.batch(), steps);
    try (Model model = FashionClassifier.newModel(o.seed())) {
      AdamState adam = new AdamState(model.getBlock());
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(true);
      }
      Tracker schedule = Tracker.cosine().setBaseValue(o.lr()).optFinalValue(o.lr() / 20f).setMaxUpdates(steps)
          .build();
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      SplittableRandom rng = new SplittableRandom(o.seed());
      int[] order = new int[train.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      MovingAverage loss = new MovingAverage();
      int k = FashionMnist.CLASSES.length;
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train classifier").setInitialMax(steps)
          .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build()) {
        int step = 0;
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
          for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
          }
          for (int b0 = 0; b0 + o.batch() <= order.length; b0 += o.batch(), step++) {
            float[] x = new float[o.batch() * in];
            float[] y = new float[o.batch() * k];
            for (int i = 0; i < o.batch(); i++) {
              System.arraycopy(train[order[b0 + i]], 0, x, i * in, in);
              y[i * k + trainLabels[order[b0 + i]]] = 1f;
            }
            try (NDManager scope = NativeEngine.scope(model)) {
              NDArray xs = scope.create(x, new Shape(o.batch(), 1, FashionClassifier.INPUT, FashionClassifier.INPUT));
              NDArray ys = scope.create(y, new Shape(o.batch(), k));
              double l;
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.getBlock().forward(ps, new NDList(xs), true).singletonOrThrow();
                NDArray ce = logits.logSoftmax(1).mul(ys).sum(new int[] {1}).neg().mean();
                gc.backward(ce);
                l = ce.getFloat();
              }
              if (!Double.isFinite(l)) {
                throw new IllegalStateException("classifier training diverged: loss " + l);
              }
              adam.step(schedule.getNewValue(step));
              loss.add(l);
            }
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f", loss.value));
          }
        }
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(false);
      }
      Files.createDirectories(o.output().toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(o.output())) {
        WeightsFile.save(model.getBlock(), out, true);
      }
    }
    System.setProperty(FashionClassifier.WEIGHTS_PROPERTY, o.output().toString());
    try (FashionClassifier c = FashionClassifier.load()) {
      List<io.semstream.codecs.image.RgbImage> frames = new ArrayList<>();
      for (FashionMnist.Item item : testItems) {
        frames.add(FashionMnist.frame(item));
      }
      int correct = 0;
      for (int s = 0; s < frames.size(); s += 500) {
        int[] got = c.classify(frames.subList(s, Math.min(frames.size(), s + 500)));
        for (int i = 0; i < got.length; i++) {
          correct += got[i] == testItems.get(s + i).label() ? 1 : 0;
        }
      }
      double accuracy = correct / (double) frames.size();
      log.printf("weights written to %s (float16); accuracy on the %d clean test frames: %.4f%n", o.output(),
          frames.size(), accuracy);
      return accuracy;
    } finally {
      System.clearProperty(FashionClassifier.WEIGHTS_PROPERTY);
    }
  }

  private static float[][] inputs(List<FashionMnist.Item> items) {
    float[][] out = new float[items.size()][];
    for (int i = 0; i < items.size(); i++) {
      out[i] = FashionClassifier.input(FashionMnist.frame(items.get(i)));
    }
    return out;
  }

  private static int[] labels(List<FashionMnist.Item> items) {
    return items.stream().mapToInt(FashionMnist.Item::label).toArray();
  }
}
