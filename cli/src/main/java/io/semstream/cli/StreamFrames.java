package io.semstream.cli;

import io.semstream.codecs.image.RgbImage;
import io.semstream.ingest.FrameSize;
import io.semstream.ingest.ImageScaler;
import io.semstream.io.FrameSource;
import io.semstream.io.FrameSources;
import io.semstream.io.SyntheticVideo;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The frames of a video argument, read as {@code demo} reads them, for commands that work without Kafka. */
final class StreamFrames {
  /** Frames of the synthetic video when no count is given. */
  static final int SYNTHETIC_FRAMES = 48;
  static final String SYNTHETIC = "synthetic";

  private StreamFrames() {}

  /**
   * @param video a path as {@code demo --input} takes it, or "synthetic"
   * @param frames how many to take (null: 48 of the synthetic video, all of an input)
   * @param size the synthetic video's size (default 256×256), or the size an input is scaled to (null: as is)
   */
  static List<RgbImage> read(String video, Integer frames, FrameSize size, PrintStream warnings) throws IOException {
    if (frames != null && frames < 1) {
      throw new IllegalArgumentException("--frames must be at least 1, got " + frames);
    }
    boolean synthetic = SYNTHETIC.equals(video);
    int count = frames != null ? frames : synthetic ? SYNTHETIC_FRAMES : Integer.MAX_VALUE;
    List<RgbImage> out = new ArrayList<>();
    try (FrameSource source = synthetic ? new SyntheticVideo(SyntheticVideo.samplePhoto(),
        size == null ? 256 : size.width(), size == null ? 256 : size.height(), count)
        : FrameSources.open(video, warnings)) {
      while (out.size() < count && source.hasNext()) {
        RgbImage image = source.next();
        out.add(size != null && !synthetic ? ImageScaler.scale(image, size.width(), size.height()) : image);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--video: no frames in " + video);
    }
    return out;
  }
}
