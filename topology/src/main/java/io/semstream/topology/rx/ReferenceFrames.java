package io.semstream.topology.rx;

import io.semstream.topology.state.StreamSeqKey;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The original frames the receiver compares its reconstructions with, kept as received (Avro
 * bytes, usually PNG inside, far smaller than decoded pixels). Bounded per stream: a frame whose
 * packet never arrives is dropped once it is {@code window} seqs behind the newest frame.
 *
 * <p>Only point reads and deletes: a frame is deleted when it is taken, and each new frame deletes the
 * one {@code window} seqs behind it. A range scan from the stream's first seq, as this class did before,
 * steps over the tombstone of every frame deleted until compaction removes them, a cost that grows with
 * the length of the stream.
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
      store.delete(StreamSeqKey.of(streamId, seq - window));
    }
  }

  /** The reference of {@code seq}, or null; removes it. */
  byte[] take(String streamId, long seq) {
    String key = StreamSeqKey.of(streamId, seq);
    byte[] frame = store.get(key);
    if (frame != null) {
      store.delete(key);
    }
    return frame;
  }
}
