package io.semstream.topology.rx;

import io.semstream.codecs.api.AdaptiveDecoder;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per stream, the {@link AdaptiveDecoder} parameter vector of the version in its {@link DecoderState}; no
 * entry means version 0, the codec's shipped values.
 *
 * <p>Kept apart from {@link DecoderState} because the state is rewritten on every packet and the vector
 * (tens of KiB) only when the model changes: together they would send the vector to the changelog once per
 * frame.
 */
public final class DecoderParameters {
  private final KeyValueStore<String, float[]> store;

  DecoderParameters(KeyValueStore<String, float[]> store) {
    this.store = store;
  }

  /** The stream's vector, or null while it decodes with the codec's own values. */
  float[] of(String streamId) {
    return store.get(streamId);
  }

  void put(String streamId, float[] parameters) {
    store.put(streamId, parameters);
  }
}
