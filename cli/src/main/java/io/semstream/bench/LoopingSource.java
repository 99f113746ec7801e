package io.semstream.bench;

import io.semstream.codecs.image.RgbImage;
import io.semstream.io.FrameSource;
import java.util.List;
import java.util.OptionalInt;

/** The same clip over and over until a deadline: a camera that never stops, for soak runs. */
final class LoopingSource implements FrameSource {
  private final List<RgbImage> clip;
  private final long deadlineMillis;
  private volatile boolean stopped;
  private volatile long next;

  LoopingSource(List<RgbImage> clip, long deadlineMillis) {
    this.clip = clip;
    this.deadlineMillis = deadlineMillis;
  }

  /** Frames handed out so far. */
  long served() {
    return next;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public boolean hasNext() {
    return !stopped && System.currentTimeMillis() < deadlineMillis;
  }

  @Override
  public RgbImage next() {
    return clip.get((int) (next++ % clip.size()));
  }

  @Override
  public OptionalInt totalFrames() {
    return OptionalInt.empty();
  }

  @Override
  public String describe() {
    return "a " + clip.size() + "-frame clip, looped";
  }

  @Override
  public void close() {}
}
