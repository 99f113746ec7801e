package io.semstream.codecs.task;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.layers.Layers;
import io.semstream.codecs.weights.ShippedWeights;
import java.util.List;
import java.util.Optional;

/**
 * The machine task that judges reconstructions semantically: a small CNN trained by the project on clean
 * Fashion-MNIST frames ({@code semstream train --codec fashion-classifier}). It sees a frame as
 * {@link #INPUT}×{@link #INPUT} grey (box average of the frame, mean of R, G and B), so it reads a
 * reconstruction at any frame size the way it read the clean training frames.
 */
public final class FashionClassifier implements AutoCloseable {
  public static final int INPUT = 32;
  public static final String WEIGHTS_RESOURCE = "/models/task/fashion-classifier.ssw";
  public static final String WEIGHTS_PROPERTY = "semstream.fashionClassifier.weights";
  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY,
      "Fashion-MNIST classifier");

  private final Model model;
  private final ParameterStore parameters;

  private FashionClassifier(Model model) {
    this.model = model;
    this.parameters = new ParameterStore(model.getNDManager(), false);
  }

  /** The classifier with its shipped (or overriding) weights. */
  public static FashionClassifier load() {
    return new FashionClassifier(WEIGHTS.loadInto(newModel(0)));
  }

  public static Optional<String> unavailable() {
    return WEIGHTS.unavailable();
  }

  /** A new model holding the network at a seeded initialisation; input [B, 1, 32, 32], output logits [B, 10]. */
  public static Model newModel(long seed) {
    Model model = NativeEngine.newModel("fashion-classifier");
    SequentialBlock net = new SequentialBlock()
        .add(Layers.conv(32, 3, 1)).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Layers.conv(64, 3, 1)).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Layers.conv(128, 3, 1)).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(FashionMnist.CLASSES.length).build());
    model.setBlock(net);
    NativeEngine.initialiseSeeded(seed, () -> net.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, 1, INPUT, INPUT)));
    return model;
  }

  /** The classifier's view of a frame: INPUT×INPUT box averages of the grey level, in [0, 1]. */
  public static float[] input(RgbImage frame) {
    float[] out = new float[INPUT * INPUT];
    for (int y = 0; y < INPUT; y++) {
      int y0 = y * frame.height() / INPUT, y1 = Math.max(y0 + 1, (y + 1) * frame.height() / INPUT);
      for (int x = 0; x < INPUT; x++) {
        int x0 = x * frame.width() / INPUT, x1 = Math.max(x0 + 1, (x + 1) * frame.width() / INPUT);
        long sum = 0;
        for (int yy = y0; yy < y1; yy++) {
          for (int xx = x0; xx < x1; xx++) {
            sum += frame.get(xx, yy, 0) + frame.get(xx, yy, 1) + frame.get(xx, yy, 2);
          }
        }
        out[y * INPUT + x] = sum / (3f * 255f * (y1 - y0) * (x1 - x0));
      }
    }
    return out;
  }

  /** The most likely class of each frame. */
  public int[] classify(List<RgbImage> frames) {
    int[] labels = new int[frames.size()];
    float[] batch = new float[frames.size() * INPUT * INPUT];
    for (int i = 0; i < frames.size(); i++) {
      System.arraycopy(input(frames.get(i)), 0, batch, i * INPUT * INPUT, INPUT * INPUT);
    }
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray x = scope.create(batch, new Shape(frames.size(), 1, INPUT, INPUT));
      float[] logits = NonFiniteOutputException.requireFinite(
          model.getBlock().forward(parameters, new NDList(x), false).singletonOrThrow().toFloatArray(),
          "the classifier");
      int k = FashionMnist.CLASSES.length;
      for (int i = 0; i < labels.length; i++) {
        int best = 0;
        for (int c = 1; c < k; c++) {
          if (logits[i * k + c] > logits[i * k + best]) {
            best = c;
          }
        }
        labels[i] = best;
      }
    }
    return labels;
  }

  @Override
  public void close() {
    model.close();
  }
}
