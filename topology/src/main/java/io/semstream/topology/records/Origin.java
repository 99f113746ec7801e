package io.semstream.topology.records;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an input record came from and its original bytes: what a dead letter reports. Kept with a
 * record as it travels through the processors (and the receiver's hold buffer), so a record that
 * fails later is still reported with its own offset, not the offset of whatever triggered its
 * processing.
 */
public record Origin(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

  /** The record being processed right now; outside of {@code process} the position is unknown (-1). */
  public static Origin of(ProcessingContext context, Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    return new Origin(meta == null ? "" : meta.topic(), meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(), record.timestamp(), record.key(), record.value());
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
