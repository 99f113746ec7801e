package io.semstream.topology;

import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** One role's topology in a {@link TopologyTestDriver}, with the role's real Streams settings. */
final class Harness implements AutoCloseable {
  final Topics topics = Topics.defaults();
  final TopologyTestDriver driver;
  private long clock = TestFrames.T0;

  private Harness(Topology topology, Role role, Path stateDir) {
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Properties props = StreamsSettings.forRole(role.id(), "unused:9092", overrides);
    driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(TestFrames.WALL));
  }

  static Harness of(Role role, PipelineConfig config, Path stateDir) {
    return new Harness(PipelineRunner.topology(role, Topics.defaults(), config, BlockAverageCodec.registry()), role,
        stateDir);
  }

  static Harness of(Role role, PipelineConfig config, Path stateDir, io.semstream.codecs.registry.CodecRegistry codecs) {
    return new Harness(PipelineRunner.topology(role, Topics.defaults(), config, codecs), role, stateDir);
  }

  static PipelineConfig.Builder config() {
    return PipelineConfig.builder().codecId(BlockAverageCodec.ID);
  }

  void pipe(String topic, String key, SpecificRecord value) {
    pipeBytes(topic, key, value == null ? null : serdeOf(value).toBytes(value));
  }

  void pipeBytes(String topic, String key, byte[] value) {
    clock += 10;
    TestInputTopic<byte[], byte[]> in =
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    in.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
        Instant.ofEpochMilli(clock)));
  }

  /** Everything written to {@code topic} since the last read, parsed. */
  <T extends SpecificRecord> List<T> read(String topic, AvroSerde<T> serde) {
    return OutputTopics.read(driver, topic, serde);
  }

  List<TestRecord<byte[], byte[]>> records(String topic) {
    return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  List<DeadLetter> deadLetters() {
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
