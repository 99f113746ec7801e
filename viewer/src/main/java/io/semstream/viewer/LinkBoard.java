package io.semstream.viewer;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Frame;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.schemas.serde.Bytes;
import io.semstream.topology.records.FrameImages;
import io.semstream.topology.records.RejectedRecordException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The viewer's picture of a deployment, one {@link StreamView} per stream, fed by the records the follower
 * reads and read by the web server's handlers. Every change is announced to the listeners as a
 * {@link ViewerEvent} after the board is consistent again, so a page that fetches on an event sees it.
 */
final class LinkBoard {
  /** Dead letters whose key names no stream. */
  static final String NO_STREAM = "(no stream)";

  private final Map<String, StreamView> streams = new TreeMap<>();
  private final List<Consumer<ViewerEvent>> listeners = new CopyOnWriteArrayList<>();
  private long unreadable;

  void listen(Consumer<ViewerEvent> listener) {
    listeners.add(listener);
  }

  void unlisten(Consumer<ViewerEvent> listener) {
    listeners.remove(listener);
  }

  void onFrame(Frame f, long timeMs) {
    synchronized (this) {
      StreamView v = view(f.getStreamId().toString());
      v.originals.put(f.getSeq(), f);
    }
  }

  void onReconstruction(Reconstruction r, long timeMs) {
    StreamView.Point p = new StreamView.Point(r.getSeq(), timeMs, r.getPsnr(), r.getMsssim(), r.getSnrDb(),
        r.getCbr(), r.getCbrSideInfo(), r.getCbrDelta(), r.getLatencyMs(), r.getModelVersion(), r.getLost(), null,
        r.getCodecId().toString());
    String id = r.getStreamId().toString();
    synchronized (this) {
      StreamView v = view(id);
      v.kind = "video";
      v.decoded.put(r.getSeq(), Bytes.of(r.getPayload()));
      v.add(p);
    }
    announce(ViewerEvent.point(id, p));
  }

  void onTelemetry(TelemetryWindow w, long timeMs) {
    synchronized (this) {
      StreamView v = view(w.getStreamId().toString());
      v.kind = "telemetry";
      v.originalTraces.put(w.getSeq(), trace(w.getSeq(), w.getChannelNames(), w.getSamples()));
    }
  }

  void onTelemetryReconstruction(TelemetryReconstruction r, long timeMs) {
    StreamView.Point p = new StreamView.Point(r.getSeq(), timeMs, null, null, r.getSnrDb(), r.getCbr(), 0, 0,
        r.getLatencyMs(), 0, r.getLost(), r.getNmseDb(), r.getCodecId().toString());
    String id = r.getStreamId().toString();
    synchronized (this) {
      StreamView v = view(id);
      v.kind = "telemetry";
      v.decodedTraces.put(r.getSeq(), trace(r.getSeq(), r.getChannelNames(), r.getSamples()));
      v.add(p);
    }
    announce(ViewerEvent.point(id, p));
  }

  void onDelta(ModelDelta d, long timeMs) {
    StreamView.DeltaEvent e = new StreamView.DeltaEvent(timeMs, d.getBaseVersion(), d.getNewVersion(),
        d.getChannelUses(), d.getFull());
    String id = d.getStreamId().toString();
    synchronized (this) {
      view(id).add(e);
    }
    announce(ViewerEvent.delta(id, e));
  }

  void onDeadLetter(String key, DeadLetter d, long timeMs) {
    String id = key == null || key.isEmpty() ? NO_STREAM : key;
    long count;
    synchronized (this) {
      count = ++view(id).deadLetters;
    }
    announce(ViewerEvent.deadLetter(id, d.getReason().toString(), count, timeMs));
  }

  /** A record the viewer could not read: counted, never fatal (the viewer is a reader of other roles' output). */
  synchronized void onUnreadable() {
    unreadable++;
  }

  synchronized long unreadable() {
    return unreadable;
  }

  /** A summary row per stream, in name order. */
  synchronized List<Map<String, Object>> streamList() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StreamView v : streams.values()) {
      rows.add(summary(v));
    }
    return rows;
  }

  /** Everything the stream page draws on loading; empty for a stream the viewer has not seen. */
  synchronized Optional<Map<String, Object>> snapshot(String id) {
    StreamView v = streams.get(id);
    if (v == null) {
      return Optional.empty();
    }
    Map<String, Object> m = summary(v);
    m.put("points", v.pointList());
    m.put("deltas", new ArrayList<>(v.deltas));
    if (v.kind.equals("telemetry")) {
      m.put("traces", traces(v, v.latestSeq));
    }
    return Optional.of(m);
  }

  /** The original and decoded traces of one window ({@code seq} -1: the latest). */
  synchronized Map<String, Object> traces(String id, long seq) {
    StreamView v = streams.get(id);
    return v == null ? Map.of() : traces(v, seq < 0 ? v.latestSeq : seq);
  }

  /** The picture of frame {@code seq} ({@code original} or the reconstruction), if the viewer still holds it. */
  synchronized Optional<Picture> picture(String id, long seq, boolean original) {
    StreamView v = streams.get(id);
    if (v == null) {
      return Optional.empty();
    }
    long at = seq < 0 ? v.latestSeq : seq;
    if (!original) {
      byte[] png = v.decoded.get(at);
      return png == null ? Optional.empty() : Optional.of(new Picture(png, "image/png"));
    }
    Frame f = v.originals.get(at);
    return f == null ? Optional.empty() : Optional.ofNullable(framePicture(f));
  }

  /** Image bytes and their media type. */
  record Picture(byte[] bytes, String mediaType) {}

  private static Map<String, Object> traces(StreamView v, long seq) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", seq);
    m.put("original", v.originalTraces.get(seq));
    m.put("reconstruction", v.decodedTraces.get(seq));
    return m;
  }

  private static Map<String, Object> summary(StreamView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    StreamView.Point last = v.last();
    m.put("id", v.id);
    m.put("kind", v.kind);
    m.put("reconstructions", v.reconstructions);
    m.put("lost", v.lost);
    m.put("deadLetters", v.deadLetters);
    m.put("deltas", v.deltas.size());
    m.put("latestSeq", v.latestSeq);
    m.put("last", last);
    return m;
  }

  private StreamView view(String id) {
    return streams.computeIfAbsent(id, StreamView::new);
  }

  private void announce(ViewerEvent e) {
    for (Consumer<ViewerEvent> l : listeners) {
      l.accept(e);
    }
  }

  /**
   * PNG and JPEG payloads are shown as they came (the browser decodes them); raw RGB is converted when a page
   * asks for it, not for every frame that passes. A raw frame whose payload disagrees with its header is what the
   * transmitter dead-letters; the viewer shows nothing for it.
   */
  private static Picture framePicture(Frame f) {
    switch (f.getPixelFormat()) {
      case PNG:
        return new Picture(Bytes.of(f.getPayload()), "image/png");
      case JPEG:
        return new Picture(Bytes.of(f.getPayload()), "image/jpeg");
      default:
        try {
          return new Picture(ImageFiles.encodePng(FrameImages.decode(f)), "image/png");
        } catch (RejectedRecordException | IllegalArgumentException e) {
          return null;
        }
    }
  }

  private static StreamView.Trace trace(long seq, List<? extends CharSequence> names, List<Float> samples) {
    float[] s = new float[samples.size()];
    for (int i = 0; i < s.length; i++) {
      Float x = samples.get(i);
      s[i] = x == null ? Float.NaN : x;
    }
    List<String> channels = new ArrayList<>();
    for (CharSequence n : names) {
      channels.add(n.toString());
    }
    return new StreamView.Trace(seq, channels, s);
  }
}
