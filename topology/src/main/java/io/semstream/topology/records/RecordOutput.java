package io.semstream.topology.records;

import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.sensors.PipelineMeters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a processor hands records to the sinks. Values arrive already serialized, so their size is
 * known before the producer sees them: a record over the limit becomes a dead letter naming the
 * limit instead of a {@code RecordTooLargeException} that would kill the stream thread, be retried
 * by the replacement thread, and kill it again.
 */
public final class RecordOutput {
  /** The sink node every role writes dead letters to. */
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
  /** Room left in a dead letter for the reason and the other fields. */
  private static final int DEAD_LETTER_HEADROOM = 16 * 1024;
  private static final Logger log = LoggerFactory.getLogger(RecordOutput.class);

  private final ProcessorContext<Object, Object> context;
  private final String processor;
  private final int maxRecordBytes;
  private final AvroSerde<DeadLetter> deadLetters = SemSerdes.deadLetter();
  private final PipelineMeters meters;

  public RecordOutput(ProcessorContext<Object, Object> context, String processor, int maxRecordBytes) {
    this.context = context;
    this.processor = processor;
    this.maxRecordBytes = maxRecordBytes;
    this.meters = PipelineMeters.of(context);
  }

  /** The application's meters, for a processor that counts more than what it emits. */
  public PipelineMeters meters() {
    return meters;
  }

  /**
   * Sends {@code value} keyed by {@code streamId} to {@code sink}, or dead-letters {@code origin}
   * when it is too big.
   *
   * @param what the record type, for the reason
   * @return whether the record was sent
   */
  public boolean emit(String sink, String streamId, byte[] value, long timestamp, Origin origin, String what) {
    if (value.length > maxRecordBytes) {
      deadLetter(origin, what + " of " + value.length + " bytes exceeds the record limit of " + maxRecordBytes
          + " bytes (PipelineConfig.maxRecordBytes; the producer's max.request.size and the topics'"
          + " max.message.bytes must be raised with it)");
      return false;
    }
    context.forward(new Record<>(streamId.getBytes(StandardCharsets.UTF_8), value, timestamp), sink);
    meters.recordOut(sink);
    return true;
  }

  /** Writes {@code origin} to dead-letter with the reason, keyed by its original key. */
  public void deadLetter(Origin origin, String reason) {
    log.warn("dead letter from {} ({}): {}", processor, origin, reason);
    meters.deadLetter(processor, reason);
    byte[] key = origin.key();
    byte[] value = origin.value();
    int keyBytes = key == null ? 0 : key.length;
    String fullReason = reason;
    if (value != null && (long) value.length + keyBytes > maxRecordBytes - DEAD_LETTER_HEADROOM) {
      fullReason = reason + " (original value of " + value.length + " bytes not copied: too big for a dead letter)";
      value = null;
    }
    DeadLetter letter = DeadLetter.newBuilder()
        .setTopic(origin.topic())
        .setPartition(origin.partition())
        .setOffset(origin.offset())
        .setReason(fullReason)
        .setProcessor(processor)
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setTimestamp(origin.timestamp())
        .build();
    context.forward(new Record<>(key, deadLetters.toBytes(letter), Math.max(0L, origin.timestamp())), DEAD_LETTER_SINK);
  }
}
