package io.semstream.topology.tx;

import io.semstream.schemas.ChannelState;
import io.semstream.topology.records.Origin;
import io.semstream.topology.state.StreamSeqKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per stream, the frames that arrived while the stream waits for its adaptation job (the frame due to announce
 * the job's outcome, and every later one, in order), kept as they arrived, with the link they arrived under, in
 * logged stores so that a successor sends them as this transmitter would have. Keyed by input offset: a stream lives in one partition, so offsets are its order.
 *
 * <p>Waiting here rather than on the stream thread keeps transactions short: a stream thread that blocked
 * for a slow job would hold its transaction open past {@code transaction.timeout.ms} and be fenced.
 */
final class WaitingFrames {
  private final KeyValueStore<String, Origin> store;
  /** Per waiting frame (same key), the stream's channel state when it arrived; none: the default link. */
  private final KeyValueStore<String, ChannelState> links;
  /** Streams with at least one waiting frame, and how many; rebuilt from the store when the processor starts. */
  private final Map<String, Integer> counts = new LinkedHashMap<>();

  WaitingFrames(KeyValueStore<String, Origin> store, KeyValueStore<String, ChannelState> links) {
    this.store = store;
    this.links = links;
    try (KeyValueIterator<String, Origin> it = store.all()) {
      while (it.hasNext()) {
        counts.merge(streamOf(it.next().key), 1, Integer::sum);
      }
    }
  }

  private static String streamOf(String key) {
    return key.substring(0, key.lastIndexOf('/'));
  }

  boolean any(String streamId) {
    return counts.containsKey(streamId);
  }

  /** Frames of the stream waiting now. */
  int count(String streamId) {
    return counts.getOrDefault(streamId, 0);
  }

  List<String> streams() {
    return new ArrayList<>(counts.keySet());
  }

  /** @param link the stream's channel state now, or null for the default link */
  void add(String streamId, Origin frame, ChannelState link) {
    String key = StreamSeqKey.of(streamId, frame.offset());
    store.put(key, frame);
    if (link != null) {
      links.put(key, link);
    }
    counts.merge(streamId, 1, Integer::sum);
  }

  /** The channel state the frame of {@code key} arrived under, or null for the default link. */
  ChannelState linkOf(String key) {
    return links.get(key);
  }

  /** The stream's oldest waiting frame, or null. */
  KeyValue<String, Origin> oldest(String streamId) {
    try (KeyValueIterator<String, Origin> it =
        store.range(StreamSeqKey.of(streamId, 0), StreamSeqKey.of(streamId, Long.MAX_VALUE))) {
      while (it.hasNext()) {
        KeyValue<String, Origin> next = it.next();
        if (StreamSeqKey.seqOf(next.key, streamId) >= 0) {
          return next;
        }
      }
    }
    counts.remove(streamId);
    return null;
  }

  void remove(KeyValue<String, Origin> frame) {
    store.delete(frame.key);
    links.delete(frame.key);
    counts.computeIfPresent(streamOf(frame.key), (s, n) -> n > 1 ? n - 1 : null);
  }
}
