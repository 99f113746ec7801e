package io.semstream.viewer;

import java.util.Map;

/** A change on the board, as the page receives it: which stream, what happened, and its figures. */
record ViewerEvent(String stream, String type, Object data) {
  static ViewerEvent point(String stream, StreamView.Point p) {
    return new ViewerEvent(stream, "point", p);
  }

  static ViewerEvent delta(String stream, StreamView.DeltaEvent d) {
    return new ViewerEvent(stream, "delta", d);
  }

  static ViewerEvent deadLetter(String stream, String reason, long count, long timeMs) {
    return new ViewerEvent(stream, "dead-letter", Map.of("reason", reason, "count", count, "timeMs", timeMs));
  }
}
