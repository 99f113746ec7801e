package io.semstream.topology.records;

import io.semstream.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First node after every source: turns raw bytes into an Avro record. Sources read bytes rather
 * than using an Avro deserializer so that a record that does not parse reaches a processor, which
 * can dead-letter it with its offset; a failing deserializer would stop the stream instead.
 *
 * <p>It also enforces DESIGN §1's keying: a record whose key is not its streamId may sit on the
 * wrong partition, so the task that reads it does not hold that stream's state.
 */
public final class AvroReader<T extends SpecificRecord> implements Processor<byte[], byte[], Object, Object> {
  /** The longest stream id a record may carry. */
  public static final int MAX_STREAM_ID_CHARS = 256;

  private final String name;
  private final AvroSerde<T> serde;
  private final Function<T, String> streamIdOf;
  private final Tombstones tombstones;
  private final boolean deadLetterInvalid;
  private final String next;
  private final int maxRecordBytes;
  private ProcessorContext<Object, Object> context;
  private RecordOutput output;

  private AvroReader(String name, AvroSerde<T> serde, Function<T, String> streamIdOf, Tombstones tombstones,
      boolean deadLetterInvalid, String next, int maxRecordBytes) {
    this.name = name;
    this.serde = serde;
    this.streamIdOf = streamIdOf;
    this.tombstones = tombstones;
    this.deadLetterInvalid = deadLetterInvalid;
    this.next = next;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * @param name this node's name, reported in dead letters
   * @param streamIdOf the field that must equal the record key
   * @param deadLetterInvalid false where another role already dead-letters the same record (the
   *     receiver's copy of {@code frames}), so one bad frame is reported once
   * @param next the node that gets {@code Record<String streamId, Received<T>>}
   */
  public static <T extends SpecificRecord> ProcessorSupplier<byte[], byte[], Object, Object> supplier(
      String name, AvroSerde<T> serde, Function<T, String> streamIdOf, Tombstones tombstones,
      boolean deadLetterInvalid, String next, int maxRecordBytes) {
    return () -> new AvroReader<>(name, serde, streamIdOf, tombstones, deadLetterInvalid, next, maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.output = new RecordOutput(context, name, maxRecordBytes);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Origin origin = Origin.of(context, record);
    output.meters().recordIn(origin.topic());
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      switch (tombstones) {
        case FORWARD:
          if (key != null) {
            context.forward(new Record<>(key, new Received<T>(null, origin), record.timestamp()), next);
          } else {
            reject(origin, "null value and null key: nothing to forget");
          }
          return;
        case IGNORE:
          return;
        default:
          reject(origin, "null value (tombstone) where a " + serde.type().getSimpleName() + " was expected");
          return;
      }
    }
    if (record.value().length > RecordLimit.BYTES) {
      // the topics' own limit should stop these; a cluster set up with a larger one must not make us decode them
      reject(origin, "record of " + record.value().length + " bytes is over the pipeline's limit of "
          + RecordLimit.BYTES + " bytes");
      return;
    }
    T value;
    try {
      value = serde.fromBytes(record.value());
    } catch (SerializationException e) {
      reject(origin, e.getMessage());
      return;
    }
    String streamId = streamIdOf.apply(value);
    if (streamId.length() > MAX_STREAM_ID_CHARS) {
      reject(origin, serde.type().getSimpleName() + " has a stream id of " + streamId.length() + " characters; at most "
          + MAX_STREAM_ID_CHARS + " are allowed (it keys every state store and message of the stream)");
      return;
    }
    if (key == null) {
      reject(origin, serde.type().getSimpleName() + " for stream '" + streamId
          + "' has no key; SemStream topics are keyed by streamId");
      return;
    }
    if (!key.equals(streamId)) {
      reject(origin, "key '" + shown(key) + "' differs from the record's stream id '" + streamId
          + "'; SemStream topics are keyed by streamId so that a stream's records meet in one task");
      return;
    }
    context.forward(new Record<>(streamId, new Received<>(value, origin), record.timestamp()), next);
  }

  /** A key as a reason quotes it: whole if short, else its start and its length. */
  private static String shown(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "... (" + s.length() + " characters)";
  }

  private void reject(Origin origin, String reason) {
    if (deadLetterInvalid) {
      output.deadLetter(origin, reason);
    }
  }
}
