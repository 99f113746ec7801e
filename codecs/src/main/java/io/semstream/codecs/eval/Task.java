package io.semstream.codecs.eval;

import io.semstream.codecs.image.RgbImage;
import java.util.List;

/** A machine task that judges reconstructions by meaning rather than by pixels. */
public interface Task {
  /** Its name in tables, e.g. {@code fashion-mnist}. */
  String name();

  /** Whether the task gets each reconstruction right; {@code images[i]} is what {@code decoded[i]} shows. */
  boolean[] correct(List<CodecEvaluator.Image> images, List<RgbImage> decoded);
}
