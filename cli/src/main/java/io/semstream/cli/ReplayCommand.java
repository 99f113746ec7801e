package io.semstream.cli;

import io.semstream.clients.ClientProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", description = {
    "Re-publish recorded records to another topic at their original pace.",
    "Keeps their inter-arrival times",
    "(scaled by 1/--speed), e.g. a recorded tx-symbols topic through other channel conditions."})
final class ReplayCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--from-topic", required = true) String fromTopic;
  @Option(names = "--to-topic", required = true) String toTopic;

  @Option(names = "--from", description = "Start at this record time (ISO-8601 instant, e.g. 2026-11-22T10:00:00Z, or epoch ms).")
  String from;

  @Option(names = "--to", description = "Stop after this record time (ISO-8601 instant or epoch ms).")
  String to;

  @Option(names = "--speed", defaultValue = "1", description = "Time scale: 2 replays twice as fast; 0 as fast as possible.")
  double speed;

  @Override
  public Integer call() throws Exception {
    KafkaOptions.validateBootstrap(kafka.bootstrapServers);
    if (speed < 0) {
      throw new IllegalArgumentException("--speed must be 0 or positive, got " + speed);
    }
    if (fromTopic.equals(toTopic)) {
      throw new IllegalArgumentException("--to-topic must differ from --from-topic");
    }
    long fromMs = from == null ? Long.MIN_VALUE : parseTime(from, "--from");
    long toMs = to == null ? Long.MAX_VALUE : parseTime(to, "--to");
    Properties base = kafka.properties();
    Properties cp = ClientProperties.reader(kafka.bootstrapServers, base);
    Properties pp = ClientProperties.writer(kafka.bootstrapServers, base);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp);
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp)) {
      List<PartitionInfo> infos = consumer.partitionsFor(fromTopic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("--from-topic: topic '" + fromTopic + "' does not exist");
      }
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo i : infos) {
        parts.add(new TopicPartition(fromTopic, i.partition()));
      }
      consumer.assign(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(parts));
      if (fromMs != Long.MIN_VALUE) {
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(p -> query.put(p, fromMs));
        for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : consumer.offsetsForTimes(query).entrySet()) {
          start.put(e.getKey(), e.getValue() == null ? end.get(e.getKey()) : e.getValue().offset());
        }
      }
      long total = 0;
      for (TopicPartition p : parts) {
        consumer.seek(p, start.get(p));
        total += end.get(p) - start.get(p);
      }
      // A k-way merge of the partitions by record time, paced against a wall clock. Each partition
      // keeps a bounded queue, so a long recording replays in constant memory.
      Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> queues = new HashMap<>();
      parts.forEach(p -> queues.put(p, new ArrayDeque<>()));
      long wallStart = -1;
      long firstTs = 0;
      int sent = 0;
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("replay").setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).build()) {
        while (true) {
          fill(consumer, parts, queues, end, bar);
          ConsumerRecord<byte[], byte[]> next = null;
          ArrayDeque<ConsumerRecord<byte[], byte[]>> from = null;
          for (ArrayDeque<ConsumerRecord<byte[], byte[]>> q : queues.values()) {
            if (!q.isEmpty() && (next == null || q.peekFirst().timestamp() < next.timestamp())) {
              next = q.peekFirst();
              from = q;
            }
          }
          if (next == null) {
            break;
          }
          from.pollFirst();
          if (next.timestamp() < fromMs || next.timestamp() > toMs) {
            continue;
          }
          if (wallStart < 0) {
            wallStart = System.currentTimeMillis();
            firstTs = next.timestamp();
          }
          if (speed > 0) {
            long wait = wallStart + Math.round((next.timestamp() - firstTs) / speed) - System.currentTimeMillis();
            if (wait > 0) {
              Thread.sleep(wait);
            }
          }
          producer.send(new ProducerRecord<>(toTopic, null, System.currentTimeMillis(), next.key(), next.value(),
              next.headers()));
          sent++;
        }
        producer.flush();
      }
      // Offsets include transaction markers, so the count of offsets is only an upper bound.
      System.out.printf("replayed %d record(s) from %s to %s (%d offsets scanned)%n", sent, fromTopic, toTopic, total);
      return 0;
    }
  }

  private static final int QUEUE_BOUND = 256;

  /**
   * Polls until every partition that still has records before its end offset has at least one
   * queued, pausing partitions whose queue is full so memory stays bounded.
   */
  private static void fill(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> parts,
      Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> queues, Map<TopicPartition, Long> end,
      ProgressBar bar) {
    while (parts.stream().anyMatch(p -> queues.get(p).isEmpty() && consumer.position(p) < end.get(p))) {
      List<TopicPartition> full = parts.stream().filter(p -> queues.get(p).size() >= QUEUE_BOUND).toList();
      consumer.pause(full);
      consumer.resume(parts.stream().filter(p -> !full.contains(p)).toList());
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() < end.get(tp)) {
          queues.get(tp).addLast(r);
          bar.step();
        }
      }
    }
  }

  static long parseTime(String text, String option) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(text.trim()).toEpochMilli();
      } catch (RuntimeException e2) {
        throw new IllegalArgumentException(option + ": expected an ISO-8601 instant such as 2026-11-22T10:00:00Z or epoch milliseconds, got '" + text + "'");
      }
    }
  }
}
