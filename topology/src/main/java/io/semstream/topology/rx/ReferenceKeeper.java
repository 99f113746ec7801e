package io.semstream.topology.rx;

import io.semstream.schemas.Frame;
import io.semstream.topology.records.Received;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each original frame until its reconstruction can be scored. Invalid frames are not
 * dead-lettered here: the transmitter reads the same topic and reports them once.
 */
public final class ReferenceKeeper implements Processor<String, Received<Frame>, Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(ReferenceKeeper.class);

  private final String storeName;
  private final int perStream;
  private final int maxRecordBytes;
  private ReferenceFrames references;

  private ReferenceKeeper(String storeName, int perStream, int maxRecordBytes) {
    this.storeName = storeName;
    this.perStream = perStream;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ProcessorSupplier<String, Received<Frame>, Void, Void> supplier(String storeName, int perStream,
      int maxRecordBytes) {
    return () -> new ReferenceKeeper(storeName, perStream, maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    references = new ReferenceFrames(context.getStateStore(storeName), perStream);
  }

  @Override
  public void process(Record<String, Received<Frame>> record) {
    Frame frame = record.value().value();
    byte[] bytes = record.value().origin().value();
    if (frame.getSeq() < 0) {
      return;
    }
    if (bytes.length > maxRecordBytes) {
      // Its changelog record would be refused; the reconstruction goes out without PSNR instead.
      log.debug("stream {} frame {}: {} bytes is too big to keep as a reference", record.key(), frame.getSeq(),
          bytes.length);
      return;
    }
    references.put(record.key(), frame.getSeq(), bytes);
  }
}
