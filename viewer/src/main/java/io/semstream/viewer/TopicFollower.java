package io.semstream.viewer;

import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's topics into a {@link LinkBoard} on a thread of its own, with the viewer's own consumer
 * group and {@code read_committed} (the roles write in transactions; an aborted attempt is not shown). A
 * record it cannot read is counted and skipped: the roles dead-letter what is wrong with their input, and the
 * viewer, which only reads, has nobody to tell.
 */
final class TopicFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final LinkBoard board;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param overrides client properties (security, say) that win over the viewer's
   * @param fromStart whether a new group starts at the topics' beginning (else at their end)
   */
  TopicFollower(String bootstrapServers, Topics topics, String groupId, boolean fromStart, Properties overrides,
      LinkBoard board) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromStart ? "earliest" : "latest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + ProcessHandle.current().pid());
    if (overrides != null) {
      overrides.forEach(p::put);
    }
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topics = topics;
    this.board = board;
    this.thread = new Thread(this::run, "semstream-viewer-follower");
    thread.setDaemon(true);
  }

  void start() {
    consumer.subscribe(List.of(topics.frames(), topics.reconstructions(), topics.telemetry(),
        topics.telemetryReconstructions(), topics.modelDeltas(), topics.deadLetter()));
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          take(r);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      log.error("the viewer stopped reading the topics", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** One record onto the board, by topic. */
  void take(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    String topic = r.topic();
    long time = r.timestamp();
    try {
      if (topic.equals(topics.frames())) {
        board.onFrame(SemSerdes.frame().fromBytes(r.value()), time);
      } else if (topic.equals(topics.reconstructions())) {
        board.onReconstruction(SemSerdes.reconstruction().fromBytes(r.value()), time);
      } else if (topic.equals(topics.telemetry())) {
        board.onTelemetry(SemSerdes.telemetry().fromBytes(r.value()), time);
      } else if (topic.equals(topics.telemetryReconstructions())) {
        board.onTelemetryReconstruction(SemSerdes.telemetryReconstruction().fromBytes(r.value()), time);
      } else if (topic.equals(topics.modelDeltas())) {
        board.onDelta(SemSerdes.modelDelta().fromBytes(r.value()), time);
      } else if (topic.equals(topics.deadLetter())) {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        board.onDeadLetter(key, SemSerdes.deadLetter().fromBytes(r.value()), time);
      }
    } catch (RuntimeException e) {
      board.onUnreadable();
      log.debug("unreadable record {}-{}@{}: {}", topic, r.partition(), r.offset(), e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ofSeconds(5));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
