package io.semstream.topology;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semstream.topology.sensors.PipelineMeters;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One role's topology in a {@link TopologyTestDriver}, with the role's real Streams settings: the one harness
 * every topology test drives (the role drivers of {@code tx} and {@code rx} wrap it).
 */
public final class Harness implements AutoCloseable {
  public final Topics topics = Topics.defaults();
  public final TopologyTestDriver driver;
  /** What the role's processors metered: every topology test records through the real meters. */
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final String applicationId;
  private long clock = TestFrames.T0;

  private Harness(Topology topology, Role role, Path stateDir, long wallMillis) {
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Properties props = StreamsSettings.forRole(role.id(), "unused:9092", overrides);
    PipelineMeters.addTo(props, meters);
    applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(wallMillis));
  }

  /** Any topology as {@code role} runs it, the driver's wall clock starting at {@code wallMillis}. */
  public static Harness of(Topology topology, Role role, Path stateDir, long wallMillis) {
    return new Harness(topology, role, stateDir, wallMillis);
  }

  static Harness of(Role role, PipelineConfig config, Path stateDir) {
    return of(role, config, stateDir, BlockAverageCodec.registry());
  }

  static Harness of(Role role, PipelineConfig config, Path stateDir, CodecRegistry codecs) {
    return new Harness(PipelineRunner.topology(role, Topics.defaults(), config, codecs), role, stateDir,
        TestFrames.WALL);
  }

  static PipelineConfig.Builder config() {
    return PipelineConfig.builder().codecId(BlockAverageCodec.ID);
  }

  public void pipe(String topic, String key, SpecificRecord value) {
    pipeBytes(topic, key, value == null ? null : serdeOf(value).toBytes(value));
  }

  void pipeBytes(String topic, String key, byte[] value) {
    clock += 10;
    pipeAt(topic, key, value, clock);
  }

  /** One record with the given timestamp. */
  public void pipeAt(String topic, String key, byte[] value, long timestampMillis) {
    TestInputTopic<byte[], byte[]> in =
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    in.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
        Instant.ofEpochMilli(timestampMillis)));
  }

  /** Everything written to {@code topic} since the last read, parsed. */
  public <T extends SpecificRecord> List<T> read(String topic, AvroSerde<T> serde) {
    return OutputTopics.read(driver, topic, serde);
  }

  public <K, V> KeyValueStore<K, V> store(String name) {
    return driver.getKeyValueStore(name);
  }

  /** What a logged store sent to its changelog since the last read: what a successor instance restores. */
  public List<TestRecord<byte[], byte[]>> changelog(String store) {
    return records(applicationId + "-" + store + "-changelog");
  }

  public List<TestRecord<byte[], byte[]>> records(String topic) {
    return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  public List<DeadLetter> deadLetters() {
    return read(topics.deadLetter(), SemSerdes.deadLetter());
  }

  void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> AvroSerde<T> serdeOf(T value) {
    return new AvroSerde<>((Class<T>) value.getClass());
  }

  @Override
  public void close() {
    driver.close();
  }
}
