package io.semstream.topology.tx;

import io.semstream.topology.records.Origin;
import io.semstream.topology.state.StreamSeqKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per stream, the frames that arrived while the stream waits for its adaptation job (the frame due to announce
 * the job's outcome, and every later one, in order), kept as they arrived in a logged store so that a
 * successor sends them. Keyed by input offset: a stream lives in one partition, so offsets are its order.
 *
 * <p>Waiting here rather than on the stream thread keeps transactions short: a stream thread that blocked
 * for a slow job would hold its transaction open past {@code transaction.timeout.ms} and be fenced.
 */
final class WaitingFrames {
  private final KeyValueStore<String, Origin> store;
  /** Streams with at least one waiting frame; rebuilt from the store when the processor starts. */
  private final Set<String> streams = new LinkedHashSet<>();

  WaitingFrames(KeyValueStore<String, Origin> store) {
    this.store = store;
    try (KeyValueIterator<String, Origin> it = store.all()) {
      while (it.hasNext()) {
        String key = it.next().key;
        streams.add(key.substring(0, key.lastIndexOf('/')));
      }
    }
  }

  boolean any(String streamId) {
    return streams.contains(streamId);
  }

  List<String> streams() {
    return new ArrayList<>(streams);
  }

  void add(String streamId, Origin frame) {
    store.put(StreamSeqKey.of(streamId, frame.offset()), frame);
    streams.add(streamId);
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
    streams.remove(streamId);
    return null;
  }

  void remove(KeyValue<String, Origin> frame) {
    store.delete(frame.key);
  }
}
