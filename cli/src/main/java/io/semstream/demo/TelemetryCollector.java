package io.semstream.demo;

import io.semstream.clients.ClientProperties;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.LinkMetrics;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** What one telemetry stream's demo produced: reconstructions, received packets, metrics and dead letters. */
final class TelemetryCollector implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final String streamId;
  private final TreeMap<Long, TelemetryReconstruction> reconstructions = new TreeMap<>();
  private final TreeMap<Long, RxPacket> packets = new TreeMap<>();
  private final List<LinkMetrics> metrics = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final AvroSerde<TelemetryReconstruction> reconstructionSerde = SemSerdes.telemetryReconstruction();
  private final AvroSerde<RxPacket> packetSerde = SemSerdes.rxPacket();
  private final AvroSerde<LinkMetrics> metricsSerde = SemSerdes.linkMetrics();
  private final AvroSerde<DeadLetter> deadLetterSerde = SemSerdes.deadLetter();

  TelemetryCollector(String bootstrapServers, Topics topics, String streamId, Properties overrides) {
    this.consumer = new KafkaConsumer<>(ClientProperties.reader(bootstrapServers, overrides));
    this.topics = topics;
    this.streamId = streamId;
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : List.of(topics.telemetryReconstructions(), topics.rxSymbols(), topics.metrics(),
        topics.deadLetter())) {
      List<PartitionInfo> infos = consumer.partitionsFor(t, Duration.ofSeconds(30));
      if (infos != null) {
        infos.forEach(i -> parts.add(new TopicPartition(t, i.partition())));
      }
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  void poll(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
      if (!streamId.equals(key)) {
        continue;
      }
      try {
        if (r.topic().equals(topics.telemetryReconstructions())) {
          TelemetryReconstruction rec = reconstructionSerde.fromBytes(r.value());
          reconstructions.putIfAbsent(rec.getSeq(), rec);
        } else if (r.topic().equals(topics.rxSymbols())) {
          RxPacket p = packetSerde.fromBytes(r.value());
          if (p.getChannelNames() != null) {
            packets.putIfAbsent(p.getSeq(), p);
          }
        } else if (r.topic().equals(topics.metrics())) {
          metrics.add(metricsSerde.fromBytes(r.value()));
        } else if (r.topic().equals(topics.deadLetter())) {
          deadLetters.add(deadLetterSerde.fromBytes(r.value()));
        }
      } catch (RuntimeException e) {
        // another writer's record on a shared topic: not this demo's
      }
    }
  }

  int accounted() {
    return reconstructions.size() + deadLetters.size();
  }

  TreeMap<Long, TelemetryReconstruction> reconstructions() {
    return reconstructions;
  }

  TreeMap<Long, RxPacket> packets() {
    return packets;
  }

  List<LinkMetrics> metrics() {
    return metrics;
  }

  List<DeadLetter> deadLetters() {
    return deadLetters;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
