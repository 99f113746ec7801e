package io.semstream.bench;

import io.semstream.codecs.image.RgbImage;
import io.semstream.io.FrameSource;
import java.util.List;
import java.util.OptionalInt;

/** Frames already in memory, as a source the publisher reads. */
final class ListSource implements FrameSource {
  private final List<RgbImage> frames;
  private int next;

  ListSource(List<RgbImage> frames) {
    this.frames = frames;
  }

  @Override
  public boolean hasNext() {
    return next < frames.size();
  }

  @Override
  public RgbImage next() {
    return frames.get(next++);
  }

  @Override
  public OptionalInt totalFrames() {
    return OptionalInt.of(frames.size());
  }

  @Override
  public String describe() {
    return frames.size() + " frames in memory";
  }

  @Override
  public void close() {}
}
