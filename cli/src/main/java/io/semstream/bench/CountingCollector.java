package io.semstream.bench;

import io.semstream.clients.ClientProperties;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts a stream's reconstructions and dead letters and keeps only the latencies since the last look:
 * a reader for runs too long to keep what they read.
 */
final class CountingCollector implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final String streamId;
  private final AvroSerde<Reconstruction> serde = SemSerdes.reconstruction();
  private long reconstructions;
  private long deadLetters;
  private long nonFinite;
  private List<Long> latencies = new ArrayList<>();

  CountingCollector(String bootstrap, Topics topics, String streamId, Properties overrides) {
    this.consumer = new KafkaConsumer<>(ClientProperties.reader(bootstrap, overrides));
    this.topics = topics;
    this.streamId = streamId;
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : List.of(topics.reconstructions(), topics.deadLetter())) {
      consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  void poll(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      if (r.topic().equals(topics.deadLetter())) {
        deadLetters++;
        continue;
      }
      try {
        Reconstruction rec = serde.fromBytes(r.value());
        if (streamId.equals(rec.getStreamId())) {
          reconstructions++;
          nonFinite += rec.getNonFinite() ? 1 : 0;
          latencies.add(rec.getLatencyMs());
        }
      } catch (RuntimeException unreadable) {
        deadLetters++;
      }
    }
  }

  long reconstructions() {
    return reconstructions;
  }

  long deadLetters() {
    return deadLetters;
  }

  long nonFinite() {
    return nonFinite;
  }

  /** The latencies read since the last call, ascending. */
  long[] takeLatencies() {
    long[] out = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    latencies = new ArrayList<>();
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
