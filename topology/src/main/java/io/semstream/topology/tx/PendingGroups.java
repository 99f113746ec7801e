package io.semstream.topology.tx;

import io.semstream.codecs.image.RgbImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Per stream, the frames gathered for the next adaptation and the job in flight, if any. In memory only: a
 * restarted transmitter loses at most one group's worth of adaptation, never a version (that is in
 * {@link TransmitterModels}).
 */
final class PendingGroups {
  private final int groupFrames;
  private final Map<String, Deque<RgbImage>> frames = new HashMap<>();
  private final Map<String, CompletableFuture<AdaptationWorker.Done>> inFlight = new HashMap<>();

  PendingGroups(int groupFrames) {
    this.groupFrames = groupFrames;
  }

  /**
   * Adds the frame; returns a full group to adapt on, or null. While a stream's job is in flight its newest
   * frames are kept (the oldest dropped), so the next group is as recent as possible. A frame of another
   * size than the gathered ones starts the group over: a group is adapted at one size.
   */
  List<RgbImage> add(String streamId, RgbImage image) {
    Deque<RgbImage> group = frames.computeIfAbsent(streamId, s -> new ArrayDeque<>());
    RgbImage first = group.peekFirst();
    if (first != null && (first.width() != image.width() || first.height() != image.height())) {
      group.clear();
    }
    group.addLast(image);
    if (group.size() > groupFrames) {
      group.removeFirst();
    }
    if (group.size() < groupFrames || inFlight.containsKey(streamId)) {
      return null;
    }
    List<RgbImage> full = new ArrayList<>(group);
    group.clear();
    return full;
  }

  void started(String streamId, CompletableFuture<AdaptationWorker.Done> job) {
    inFlight.put(streamId, job);
  }

  /** The stream's job if it has finished (normally or not), which is then no longer in flight; else null. */
  CompletableFuture<AdaptationWorker.Done> takeFinished(String streamId) {
    CompletableFuture<AdaptationWorker.Done> job = inFlight.get(streamId);
    if (job == null || !job.isDone()) {
      return null;
    }
    inFlight.remove(streamId);
    return job;
  }

  /** Forgets everything; a job still training finishes on the worker and its result is dropped. */
  void clear() {
    inFlight.values().forEach(job -> job.cancel(false));
    inFlight.clear();
    frames.clear();
  }
}
