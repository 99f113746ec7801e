package io.semstream.topology.state;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.ParameterVectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A decoder parameter vector in a store, as {@link ParameterVectors} writes it: the same bytes a full
 * checkpoint carries. Both ends keep one per stream (the receiver what it decodes with, the transmitter
 * its mirror's copy).
 */
public final class ParameterVectorSerde implements Serde<float[]> {
  @Override
  public Serializer<float[]> serializer() {
    return (topic, values) -> values == null ? null : ParameterVectors.toBytes(values);
  }

  @Override
  public Deserializer<float[]> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return ParameterVectors.fromBytes(bytes);
      } catch (CodecException e) {
        throw new SerializationException("decoder parameters in " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}
