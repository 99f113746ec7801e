package io.semstream.ingest;

import io.semstream.clients.ClientProperties;
import io.semstream.codecs.telemetry.TelemetrySeries;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Cuts a series into windows of N time points and publishes them to the telemetry topic, keyed by the
 * stream id, seq from 0, each window timed at its first sample. A shorter last window is sent as it is.
 */
public final class TelemetryPublisher implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final AvroSerde<TelemetryWindow> serde = SemSerdes.telemetry();

  public TelemetryPublisher(String bootstrapServers, String topic, Properties overrides) {
    this.producer = new KafkaProducer<>(ClientProperties.writer(bootstrapServers, overrides));
    this.topic = topic;
  }

  /** The windows of a series, as the records {@link #publish} sends. */
  public static List<TelemetryWindow> windows(String streamId, TelemetrySeries series, int length) {
    if (length < 2) {
      throw new IllegalArgumentException("--window must be at least 2 time points, got " + length);
    }
    List<TelemetryWindow> out = new ArrayList<>();
    long seq = 0;
    for (int start = 0; start < series.length(); start += length, seq++) {
      int n = Math.min(length, series.length() - start);
      List<Float> samples = new ArrayList<>(n * series.channels());
      for (int c = 0; c < series.channels(); c++) {
        for (int t = start; t < start + n; t++) {
          samples.add(series.values()[c][t]);
        }
      }
      out.add(TelemetryWindow.newBuilder().setStreamId(streamId).setSeq(seq)
          .setStartTimestamp(series.timestampsMs()[start]).setSampleRateHz(series.sampleRateHz())
          .setChannelNames(series.channelNames()).setSamples(samples).build());
    }
    return out;
  }

  /** Sends the windows and waits until the broker has every one; returns how many. */
  public int publish(List<TelemetryWindow> windows) throws InterruptedException, ExecutionException {
    return publish(windows, 0);
  }

  /** As {@link #publish(List)}, {@code perSecond} windows a second (≤ 0: as fast as the producer takes them). */
  public int publish(List<TelemetryWindow> windows, double perSecond) throws InterruptedException, ExecutionException {
    List<Future<RecordMetadata>> pending = new ArrayList<>();
    long start = System.nanoTime();
    int sent = 0;
    for (TelemetryWindow w : windows) {
      if (perSecond > 0) {
        long due = start + (long) (sent++ * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      pending.add(producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
          w.getStreamId().getBytes(StandardCharsets.UTF_8), serde.toBytes(w))));
    }
    for (Future<RecordMetadata> f : pending) {
      f.get();
    }
    return windows.size();
  }

  @Override
  public void close() {
    producer.close();
  }
}
