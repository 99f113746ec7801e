package io.semstream.viewer;

import io.semstream.schemas.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the viewer keeps of one stream: the figures of its last {@link #MAX_POINTS} reconstructions, its model
 * delta events, its counts of lost and dead-lettered records, and the pictures (or traces) of its last few
 * frames (or windows), originals and reconstructions paired by sequence number. Bounded, whatever the stream's
 * length. Not thread-safe: {@link LinkBoard} guards it.
 */
final class StreamView {
  static final int MAX_POINTS = 2000;
  static final int MAX_DELTAS = 500;
  /** Frames kept for pairing: an original arrives before its reconstruction, often many frames before. */
  static final int MAX_PAIRS = 64;

  /** The figures of one reconstruction; a field that does not apply (PSNR without a reference) is null. */
  record Point(long seq, long timeMs, Double psnr, Double msssim, double snrDb, double cbr, double cbrSideInfo,
      double cbrDelta, long latencyMs, long modelVersion, boolean lost, Double nmseDb, String codec) {}

  /** One model update on the link. */
  record DeltaEvent(long timeMs, long baseVersion, long newVersion, long channelUses, boolean full) {}

  /** A telemetry window's samples, channel-major as the schema keeps them. */
  record Trace(long seq, List<String> channels, float[] samples) {}

  final String id;
  String kind = "video";
  final ArrayDeque<Point> points = new ArrayDeque<>();
  final ArrayDeque<DeltaEvent> deltas = new ArrayDeque<>();
  long deadLetters;
  long lost;
  long reconstructions;
  final Map<Long, Frame> originals = bounded();
  final Map<Long, byte[]> decoded = bounded();
  final Map<Long, Trace> originalTraces = bounded();
  final Map<Long, Trace> decodedTraces = bounded();
  long latestSeq = -1;

  StreamView(String id) {
    this.id = id;
  }

  void add(Point p) {
    points.addLast(p);
    while (points.size() > MAX_POINTS) {
      points.removeFirst();
    }
    reconstructions++;
    if (p.lost()) {
      lost++;
    }
    latestSeq = Math.max(latestSeq, p.seq());
  }

  void add(DeltaEvent d) {
    deltas.addLast(d);
    while (deltas.size() > MAX_DELTAS) {
      deltas.removeFirst();
    }
  }

  Point last() {
    return points.peekLast();
  }

  List<Point> pointList() {
    return new ArrayList<>(points);
  }

  private static <V> Map<Long, V> bounded() {
    return new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
        return size() > MAX_PAIRS;
      }
    };
  }
}
