package io.semstream.topology.rx;

import io.semstream.schemas.LinkMetrics;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.state.LoggedStores;
import io.semstream.topology.state.StreamSeqKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Per stream, tumbling windows of reconstruction time, of frames or of telemetry windows. A window is emitted by a wall-clock
 * punctuator once it has closed, so the figures of a stream that stops still come out; stream
 * time would wait for the next record forever.
 */
public final class LinkMetricsAggregator implements Processor<String, Object, byte[], byte[]> {

  private final String storeName;
  private final String sink;
  private final long windowMs;
  private final AvroSerde<LinkMetrics> serde = SemSerdes.linkMetrics();
  private ProcessorContext<byte[], byte[]> context;
  private KeyValueStore<String, MetricsWindow> windows;

  private LinkMetricsAggregator(String storeName, String sink, Duration window) {
    this.storeName = storeName;
    this.sink = sink;
    this.windowMs = window.toMillis();
  }

  public static ProcessorSupplier<String, Object, byte[], byte[]> supplier(String storeName, String sink,
      Duration window) {
    return () -> new LinkMetricsAggregator(storeName, sink, window);
  }

  /** The store of open windows, keyed {@code streamId/windowStart}. */
  public static StoreBuilder<?> store(String name, int maxRecordBytes) {
    return LoggedStores.keyValue(name, new MetricsWindow.StoreSerde(), maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    this.windows = context.getStateStore(storeName);
    // A quarter window: a closed window is out at most 25 % of a window late.
    long interval = Math.max(1, windowMs / 4);
    context.schedule(Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, this::emitClosed);
  }

  @Override
  public void process(Record<String, Object> record) {
    long now = context.currentSystemTimeMs();
    long start = now - Math.floorMod(now, windowMs);
    String key = StreamSeqKey.of(record.key(), start);
    MetricsWindow window = windows.get(key);
    if (window == null) {
      window = new MetricsWindow(record.key(), start);
    }
    if (record.value() instanceof Reconstruction r) {
      window.add(r);
    } else if (record.value() instanceof TelemetryReconstruction r) {
      window.add(r);
    } else {
      throw new IllegalArgumentException("link metrics take reconstructions, not " + record.value().getClass());
    }
    windows.put(key, window);
  }

  private void emitClosed(long now) {
    List<KeyValue<String, MetricsWindow>> closed = new ArrayList<>();
    try (KeyValueIterator<String, MetricsWindow> it = windows.all()) {
      while (it.hasNext()) {
        KeyValue<String, MetricsWindow> kv = it.next();
        if (kv.value.start + windowMs <= now) {
          closed.add(kv);
        }
      }
    }
    for (KeyValue<String, MetricsWindow> kv : closed) {
      long end = kv.value.start + windowMs;
      byte[] value = serde.toBytes(kv.value.toLinkMetrics(end));
      context.forward(new Record<>(kv.value.streamId.getBytes(StandardCharsets.UTF_8), value, end), sink);
      windows.delete(kv.key);
    }
  }
}
