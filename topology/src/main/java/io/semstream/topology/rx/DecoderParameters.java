package io.semstream.topology.rx;

import io.semstream.codecs.api.AdaptiveDecoder;
import io.semstream.topology.state.StreamSeqKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per stream, the {@link AdaptiveDecoder} parameter vector of the version in its {@link DecoderState} (no entry:
 * version 0, the codec's shipped values), and the vectors of its last {@value #KEPT_VERSIONS} versions.
 *
 * <p>The older versions are kept because a delta may reach the receiver before packets that were sent ahead of
 * it and still need the version before: it travels straight from the transmitter while packets go through the
 * channel, which may lag. Decoding those packets with the version they name, not the newest, makes the output
 * depend on what was sent and never on which record arrived first.
 *
 * <p>Kept apart from {@link DecoderState} because the state is rewritten on every packet and the vector
 * (tens of KiB) only when the model changes: together they would send the vector to the changelog once per
 * frame.
 */
public final class DecoderParameters {
  /**
   * Versions kept per stream, the current one included: deltas come a group apart, so packets of a channel
   * lagging up to 7 groups behind still find their version.
   */
  static final int KEPT_VERSIONS = 8;
  /** {@link #at} for version 0: the codec's own values. */
  static final float[] SHIPPED = new float[0];

  private final KeyValueStore<String, float[]> current;
  private final KeyValueStore<String, float[]> history;

  DecoderParameters(KeyValueStore<String, float[]> current, KeyValueStore<String, float[]> history) {
    this.current = current;
    this.history = history;
  }

  /** The stream's vector, or null while it decodes with the codec's own values. */
  float[] of(String streamId) {
    return current.get(streamId);
  }

  /** The stream moves to {@code version} with {@code parameters}; the oldest kept version is let go. */
  void put(String streamId, long version, float[] parameters) {
    current.put(streamId, parameters);
    history.put(StreamSeqKey.of(streamId, version), parameters);
    if (version - KEPT_VERSIONS >= 1) {
      // Everything older, not just the one version: a checkpoint may have jumped over several.
      List<String> old = new ArrayList<>();
      try (KeyValueIterator<String, float[]> it =
          history.range(StreamSeqKey.of(streamId, 1), StreamSeqKey.of(streamId, version - KEPT_VERSIONS))) {
        it.forEachRemaining(kv -> {
          if (StreamSeqKey.seqOf(kv.key, streamId) >= 0) {
            old.add(kv.key);
          }
        });
      }
      old.forEach(history::delete);
    }
  }

  /** The vector of an earlier {@code version}: {@link #SHIPPED} for 0, null if it is no longer (or never was) kept. */
  float[] at(String streamId, long version) {
    return version == 0 ? SHIPPED : history.get(StreamSeqKey.of(streamId, version));
  }
}
