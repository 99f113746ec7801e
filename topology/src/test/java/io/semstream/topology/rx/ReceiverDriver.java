package io.semstream.topology.rx;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.OutputTopics;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.ReceiverTopology;
import io.semstream.topology.Role;
import io.semstream.topology.StreamsSettings;
import io.semstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The receiver's topology in a {@link TopologyTestDriver} with the rx role's real Streams settings. */
final class ReceiverDriver implements AutoCloseable {
  static final long T0 = 1_700_000_000_000L;
  final Topics topics = Topics.defaults();
  final TopologyTestDriver driver;
  private final String applicationId;
  private long clock = T0;

  ReceiverDriver(CodecRegistry codecs, Path stateDir) {
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Properties props = StreamsSettings.forRole(Role.RX.id(), "unused:9092", overrides);
    applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    PipelineConfig config = PipelineConfig.builder().keepReferenceFrames(false).computeMsSsim(false).build();
    driver = new TopologyTestDriver(ReceiverTopology.build(topics, config, codecs), props, Instant.ofEpochMilli(T0));
  }

  @SuppressWarnings("unchecked")
  <T extends SpecificRecord> void pipe(String topic, String key, T value) {
    clock += 10;
    byte[] bytes = new AvroSerde<>((Class<T>) value.getClass()).toBytes(value);
    driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer())
        .pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8), bytes, Instant.ofEpochMilli(clock)));
  }

  List<Reconstruction> reconstructions() {
    return read(topics.reconstructions(), SemSerdes.reconstruction());
  }

  List<DeadLetter> deadLetters() {
    return read(topics.deadLetter(), SemSerdes.deadLetter());
  }

  KeyValueStore<String, float[]> parameters() {
    return driver.getKeyValueStore(ReceiverTopology.DECODER_PARAMETERS_STORE);
  }

  KeyValueStore<String, DecoderState> states() {
    return driver.getKeyValueStore(ReceiverTopology.DECODER_STATE_STORE);
  }

  /** What the parameter store sent to its changelog, i.e. what a successor instance restores. */
  List<TestRecord<byte[], byte[]>> parametersChangelog() {
    return driver.createOutputTopic(applicationId + "-" + ReceiverTopology.DECODER_PARAMETERS_STORE + "-changelog",
        new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
  }

  private <T extends SpecificRecord> List<T> read(String topic, AvroSerde<T> serde) {
    return OutputTopics.read(driver, topic, serde);
  }

  @Override
  public void close() {
    driver.close();
  }
}
