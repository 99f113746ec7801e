package io.semstream.topology.rx;

import io.semstream.topology.common.StreamSeqKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The original frames the receiver compares its reconstructions with, kept as received (Avro
 * bytes, usually PNG inside, far smaller than decoded pixels). Bounded per stream: a frame whose
 * packet never arrives is dropped once it is {@code window} seqs behind the newest frame.
 *
 * <p>Pruning goes by key range rather than by counting entries, because a scan would read every
 * stored frame's bytes; the ranges pruned are normally empty, since frames are taken as soon as
 * their packet is decoded.
 */
final class ReferenceFrames {
  private final KeyValueStore<String, byte[]> store;
  private final int window;

  ReferenceFrames(KeyValueStore<String, byte[]> store, int window) {
    this.store = store;
    this.window = window;
  }

  void put(String streamId, long seq, byte[] frame) {
    store.put(StreamSeqKey.of(streamId, seq), frame);
    if (seq >= window) {
      deleteUpTo(streamId, seq - window);
    }
  }

  /**
   * The reference of {@code seq}, or null; removes it and every older one of the stream, whose
   * packets are decoded or lost by now since a stream's packets are decoded in seq order.
   */
  byte[] take(String streamId, long seq) {
    byte[] frame = store.get(StreamSeqKey.of(streamId, seq));
    deleteUpTo(streamId, seq);
    return frame;
  }

  private void deleteUpTo(String streamId, long seq) {
    // Fixed-width seqs make [streamId/0, streamId/seq] exactly this stream's keys up to seq.
    List<String> doomed = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it =
        store.range(StreamSeqKey.of(streamId, 0), StreamSeqKey.of(streamId, seq))) {
      it.forEachRemaining(kv -> doomed.add(kv.key));
    }
    doomed.forEach(store::delete);
  }
}
