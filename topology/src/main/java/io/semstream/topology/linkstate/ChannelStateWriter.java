package io.semstream.topology.linkstate;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.schemas.ChannelState;
import io.semstream.topology.records.Received;
import io.semstream.topology.records.RecordOutput;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest channel state of each link in a store, the table side of DESIGN §1's
 * {@code channel-state} KTable. A tombstone forgets the link, which falls back to the pipeline's
 * default channel. A state the channel model would refuse (NaN SNR, correlation outside [-1, 1])
 * is dead-lettered here, so it never replaces a good one.
 */
public final class ChannelStateWriter implements Processor<String, Received<ChannelState>, Object, Object> {

  private final String name;
  private final String storeName;
  private final int maxRecordBytes;
  private KeyValueStore<String, ChannelState> store;
  private RecordOutput output;

  private ChannelStateWriter(String name, String storeName, int maxRecordBytes) {
    this.name = name;
    this.storeName = storeName;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ProcessorSupplier<String, Received<ChannelState>, Object, Object> supplier(
      String name, String storeName, int maxRecordBytes) {
    return () -> new ChannelStateWriter(name, storeName, maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    store = context.getStateStore(storeName);
    output = new RecordOutput(context, name, maxRecordBytes);
  }

  @Override
  public void process(Record<String, Received<ChannelState>> record) {
    ChannelState state = record.value().value();
    if (state == null) {
      store.delete(record.key());
      return;
    }
    try {
      ChannelConfig.from(state);
    } catch (IllegalArgumentException e) {
      output.deadLetter(record.value().origin(), "invalid channel state: " + e.getMessage());
      return;
    }
    store.put(record.key(), state);
  }

  /** The link's configuration, or {@code fallback} when no state was received for it. */
  public static ChannelConfig configOf(KeyValueStore<String, ChannelState> store, String streamId, ChannelConfig fallback) {
    ChannelState state = store.get(streamId);
    return state == null ? fallback : ChannelConfig.from(state);
  }
}
