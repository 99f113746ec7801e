package io.semstream.io;

import io.semstream.codecs.image.RgbImage;
import java.util.Iterator;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Frames to ingest, in order. Each frame carries its own size; sources may mix sizes (a folder of
 * photos) or not (a Y4M stream).
 *
 * <p>{@link #hasNext()} and {@link #next()} may throw {@link FrameSourceException} when the input
 * turns out to be damaged; every frame delivered before that is good, so a caller can keep what it
 * sent and report the message.
 */
public interface FrameSource extends AutoCloseable, Iterator<RgbImage> {

  /** How many frames to expect, for progress bars; empty when unknown (a pipe). */
  OptionalInt totalFrames();

  /** One line for humans, e.g. "clip.y4m: 640x360 C420jpeg at 30 fps, 300 frames". */
  String describe();

  /** Frames per second when the source says so. */
  default OptionalDouble frameRate() {
    return OptionalDouble.empty();
  }

  /** Releases files; never throws a checked exception, so try-with-resources stays simple. */
  @Override
  void close();
}
