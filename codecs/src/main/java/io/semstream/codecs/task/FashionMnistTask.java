package io.semstream.codecs.task;

import io.semstream.codecs.eval.CodecEvaluator;
import io.semstream.codecs.eval.Task;
import io.semstream.codecs.image.RgbImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification of Fashion-MNIST test frames as the semantic measure: the first N items of the 10k test
 * split (never trained on, by the classifier or by any codec), their frames, and the shipped classifier's
 * verdict on each reconstruction.
 */
public final class FashionMnistTask implements Task, AutoCloseable {
  private final FashionClassifier classifier = FashionClassifier.load();
  private final Map<String, Integer> labels = new HashMap<>();
  private final List<CodecEvaluator.Image> images = new ArrayList<>();

  public FashionMnistTask(int items) throws IOException {
    for (FashionMnist.Item item : FashionMnist.read(FashionMnist.Split.TEST, items)) {
      labels.put(item.name(), item.label());
      images.add(new CodecEvaluator.Image(item.name(), FashionMnist.frame(item)));
    }
  }

  /** The task set's frames, in order. */
  public List<CodecEvaluator.Image> images() {
    return images;
  }

  @Override
  public String name() {
    return "fashion-mnist";
  }

  @Override
  public boolean[] correct(List<CodecEvaluator.Image> originals, List<RgbImage> decoded) {
    int[] got = classifier.classify(decoded);
    boolean[] right = new boolean[got.length];
    for (int i = 0; i < got.length; i++) {
      Integer label = labels.get(originals.get(i).name());
      if (label == null) {
        throw new IllegalArgumentException(originals.get(i).name() + " is not a Fashion-MNIST test frame");
      }
      right[i] = got[i] == label;
    }
    return right;
  }

  @Override
  public void close() {
    classifier.close();
  }
}
