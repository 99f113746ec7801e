package io.semstream.topology.tx;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per stream, the decoder version the transmitter's packets name and the parameter vector of that version,
 * in logged stores, so a restarted transmitter continues at the version (and from the base) the receivers
 * hold. No entry means version 0 with the codec's shipped values.
 *
 * <p>Two stores rather than one record because they are written together anyway and the vector store has
 * the receiver's byte layout (a full checkpoint's payload).
 */
final class TransmitterModels {
  private final KeyValueStore<String, Long> versions;
  private final KeyValueStore<String, float[]> parameters;

  TransmitterModels(KeyValueStore<String, Long> versions, KeyValueStore<String, float[]> parameters) {
    this.versions = versions;
    this.parameters = parameters;
  }

  long version(String streamId) {
    Long v = versions.get(streamId);
    return v == null ? 0 : v;
  }

  /** The vector of the stream's version, or null while it is the codec's shipped one. */
  float[] parameters(String streamId) {
    return parameters.get(streamId);
  }

  void advance(String streamId, long version, float[] vector) {
    parameters.put(streamId, vector);
    versions.put(streamId, version);
  }
}
