package io.semstream.faults;

import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Topics;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what a pipeline committed, as a user with {@code isolation.level=read_committed} sees it: every
 * reconstruction (its pixels' digest, the version it was decoded with, its flags, when it became visible),
 * the version every transmitted packet names, every model delta, and the dead letters. Runs on its own
 * thread from the start of a run to its end, so it also sees when output stopped and resumed.
 */
final class OutputWatcher implements AutoCloseable {

  /** One reconstruction as committed. */
  record Output(String digest, long version, boolean stale, boolean lost, long visibleAtMs) {}

  /** One model delta as committed. */
  record Delta(String streamId, long baseVersion, long newVersion, long firstSeq, String digest) {}

  /**
   * What a run committed.
   *
   * @param outputs per {@link #key} every committed reconstruction of it (more than one is a duplicate)
   * @param packetVersions per key the version the transmitter's packet named
   */
  record Snapshot(Map<String, List<Output>> outputs, Map<String, Long> packetVersions, int duplicatePackets,
      List<Delta> deltas, long deadLetters) {}

  private final Topics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, List<Output>> outputs = new ConcurrentHashMap<>();
  private final Map<String, Long> packetVersions = new ConcurrentHashMap<>();
  private final Map<String, Integer> packetCopies = new ConcurrentHashMap<>();
  private final List<Delta> deltas = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong deadLetters = new AtomicLong();
  private volatile RuntimeException failure;

  OutputWatcher(String bootstrap, Topics topics) {
    this.topics = topics;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
    this.consumer = new KafkaConsumer<>(p);
    List<TopicPartition> parts = new ArrayList<>();
    for (String topic : List.of(topics.reconstructions(), topics.txSymbols(), topics.modelDeltas(),
        topics.deadLetter())) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    this.thread = new Thread(this::loop, "fault-run-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          take(r, System.currentTimeMillis());
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void take(ConsumerRecord<byte[], byte[]> r, long now) {
    if (r.topic().equals(topics.reconstructions())) {
      Reconstruction rec = SemSerdes.reconstruction().fromBytes(r.value());
      outputs.computeIfAbsent(key(rec.getStreamId().toString(), rec.getSeq()), k -> new ArrayList<>())
          .add(new Output(digest(Bytes.of(rec.getPayload())), rec.getModelVersion(), rec.getStale(), rec.getLost(), now));
    } else if (r.topic().equals(topics.txSymbols())) {
      TxPacket p = SemSerdes.txPacket().fromBytes(r.value());
      String k = key(p.getStreamId().toString(), p.getSeq());
      packetVersions.put(k, p.getModelVersion());
      packetCopies.merge(k, 1, Integer::sum);
    } else if (r.topic().equals(topics.modelDeltas())) {
      ModelDelta d = SemSerdes.modelDelta().fromBytes(r.value());
      deltas.add(new Delta(d.getStreamId().toString(), d.getBaseVersion(), d.getNewVersion(), d.getFirstSeq(),
          digest(Bytes.of(d.getPayload()))));
    } else {
      deadLetters.incrementAndGet();
    }
  }

  static String key(String streamId, long seq) {
    return streamId + "/" + seq;
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Distinct (stream, seq) reconstructed so far. */
  int reconstructed() {
    return outputs.size();
  }

  /** What was read; call after {@link #close()}. */
  Snapshot snapshot() {
    Map<String, List<Output>> copy = new java.util.HashMap<>();
    outputs.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    int duplicatePackets = packetCopies.values().stream().mapToInt(c -> c - 1).sum();
    synchronized (deltas) {
      return new Snapshot(Map.copyOf(copy), Map.copyOf(packetVersions), duplicatePackets, List.copyOf(deltas),
          deadLetters.get());
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(30_000);
    if (failure != null) {
      throw new IllegalStateException("reading the pipeline's output failed: " + failure.getMessage(), failure);
    }
  }
}
