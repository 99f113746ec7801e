package io.semstream.topology.rx;

import io.semstream.topology.records.Origin;
import io.semstream.topology.state.StreamSeqKey;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per stream, the packets waiting for a decoder version, oldest first. Packets are kept as they
 * arrived (their {@link Origin}) so a packet that fails when it is finally decoded is still
 * dead-lettered with its own offset. How many a stream holds is counted in its
 * {@link DecoderState}, which saves reading every held packet to count them.
 */
final class HeldPackets {
  private final KeyValueStore<String, Origin> store;

  HeldPackets(KeyValueStore<String, Origin> store) {
    this.store = store;
  }

  void add(String streamId, long seq, Origin packet) {
    store.put(StreamSeqKey.of(streamId, seq), packet);
  }

  Optional<KeyValue<String, Origin>> oldest(String streamId) {
    try (KeyValueIterator<String, Origin> it =
        store.range(StreamSeqKey.of(streamId, 0), StreamSeqKey.of(streamId, Long.MAX_VALUE))) {
      return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }
  }

  void remove(String key) {
    store.delete(key);
  }
}
