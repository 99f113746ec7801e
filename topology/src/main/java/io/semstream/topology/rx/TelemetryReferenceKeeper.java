package io.semstream.topology.rx;

import io.semstream.schemas.TelemetryWindow;
import io.semstream.topology.records.Received;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps each original telemetry window (as received, Avro bytes) until its reconstruction is scored.
 * Bad windows are the transmitter's to report; here they only mean "no NMSE".
 */
public final class TelemetryReferenceKeeper implements Processor<String, Received<TelemetryWindow>, Void, Void> {
  private final String storeName;
  private final int perStream;
  private final int maxRecordBytes;
  private ReferenceFrames references;

  private TelemetryReferenceKeeper(String storeName, int perStream, int maxRecordBytes) {
    this.storeName = storeName;
    this.perStream = perStream;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ProcessorSupplier<String, Received<TelemetryWindow>, Void, Void> supplier(String storeName,
      int perStream, int maxRecordBytes) {
    return () -> new TelemetryReferenceKeeper(storeName, perStream, maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    references = new ReferenceFrames(context.getStateStore(storeName), perStream);
  }

  @Override
  public void process(Record<String, Received<TelemetryWindow>> record) {
    byte[] bytes = record.value().origin().value();
    long seq = record.value().value().getSeq();
    if (seq >= 0 && bytes.length <= maxRecordBytes) {
      references.put(record.key(), seq, bytes);
    }
  }
}
