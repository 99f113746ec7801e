package io.semstream.demo;

import io.semstream.clients.ClientProperties;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
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

/**
 * Reads one stream's outcomes from the pipeline's output topics: reconstructions, dead letters and
 * model deltas, and, if asked, the packets the receiver was given (rx-symbols), so that each
 * reconstruction can be checked against an offline decode of its packet. Reads committed records only,
 * so what it counts is what exactly-once delivered.
 */
public final class OutcomeCollector implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final String streamId;
  private final AvroSerde<Reconstruction> reconstructionSerde = SemSerdes.reconstruction();
  private final AvroSerde<DeadLetter> deadLetterSerde = SemSerdes.deadLetter();
  private final AvroSerde<RxPacket> packetSerde = SemSerdes.rxPacket();
  private final AvroSerde<ModelDelta> deltaSerde = SemSerdes.modelDelta();
  private final boolean withPackets;
  private final TreeMap<Long, RxPacket> packets = new TreeMap<>();
  private final List<ModelDelta> deltas = new ArrayList<>();
  private final TreeMap<Long, Reconstruction> reconstructions = new TreeMap<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final List<Long> arrivalMillis = new ArrayList<>();
  private final List<Long> arrivalOrder = new ArrayList<>();
  private int modelDeltas;

  public OutcomeCollector(String bootstrapServers, Topics topics, String streamId, Properties overrides) {
    this(bootstrapServers, topics, streamId, overrides, false);
  }

  /** @param withPackets also keep the stream's received packets ({@link #packets()}) */
  public OutcomeCollector(String bootstrapServers, Topics topics, String streamId, Properties overrides,
      boolean withPackets) {
    Properties p = ClientProperties.reader(bootstrapServers, overrides);
    this.consumer = new KafkaConsumer<>(p);
    this.topics = topics;
    this.streamId = streamId;
    this.withPackets = withPackets;
    List<TopicPartition> parts = new ArrayList<>();
    List<String> read = new ArrayList<>(List.of(topics.reconstructions(), topics.deadLetter(), topics.modelDeltas()));
    if (withPackets) {
      read.add(topics.rxSymbols());
    }
    for (String t : read) {
      List<PartitionInfo> infos = consumer.partitionsFor(t, Duration.ofSeconds(30));
      if (infos != null) {
        infos.forEach(i -> parts.add(new TopicPartition(t, i.partition())));
      }
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  /** Reads what has arrived within {@code wait}. */
  public void poll(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
      if (r.topic().equals(topics.reconstructions())) {
        Reconstruction rec = tryRead(reconstructionSerde, r.value());
        if (rec != null && streamId.equals(rec.getStreamId()) && !reconstructions.containsKey(rec.getSeq())) {
          reconstructions.put(rec.getSeq(), rec);
          arrivalMillis.add(System.currentTimeMillis());
          arrivalOrder.add(rec.getSeq());
        }
      } else if (r.topic().equals(topics.deadLetter())) {
        DeadLetter d = tryRead(deadLetterSerde, r.value());
        if (d != null && streamId.equals(key)) {
          deadLetters.add(d);
        }
      } else if (r.topic().equals(topics.rxSymbols())) {
        RxPacket packet = streamId.equals(key) ? tryRead(packetSerde, r.value()) : null;
        if (packet != null) {
          packets.putIfAbsent(packet.getSeq(), packet);
        }
      } else if (streamId.equals(key)) {
        modelDeltas++;
        ModelDelta delta = withPackets ? tryRead(deltaSerde, r.value()) : null;
        if (delta != null) {
          deltas.add(delta);
        }
      }
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> T tryRead(AvroSerde<T> serde, byte[] v) {
    try {
      return serde.fromBytes(v);
    } catch (RuntimeException e) {
      return null;
    }
  }

  public TreeMap<Long, Reconstruction> reconstructions() { return reconstructions; }
  public List<DeadLetter> deadLetters() { return deadLetters; }
  public int modelDeltas() { return modelDeltas; }
  /** The stream's received packets by seq (empty unless asked for). */
  public TreeMap<Long, RxPacket> packets() { return packets; }
  /** The stream's model deltas in the order they were read (empty unless packets were asked for). */
  public List<ModelDelta> deltas() { return deltas; }
  /** Seq numbers of the reconstructions in the order they were read from the topic. */
  public List<Long> arrivalOrder() { return arrivalOrder; }
  public int accounted() { return reconstructions.size() + deadLetters.size(); }

  public long lastArrivalMillis() {
    return arrivalMillis.isEmpty() ? System.currentTimeMillis() : arrivalMillis.get(arrivalMillis.size() - 1);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
