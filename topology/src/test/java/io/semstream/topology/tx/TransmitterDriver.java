package io.semstream.topology.tx;

import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.OutputTopics;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.Role;
import io.semstream.topology.StreamsSettings;
import io.semstream.topology.Topics;
import io.semstream.topology.TransmitterTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The transmitter's topology in a {@link TopologyTestDriver} with the tx role's real Streams settings and a
 * synchronous adaptation worker: a group's job has finished when the frame that completed it returns.
 */
final class TransmitterDriver implements AutoCloseable {
  final Topics topics = Topics.defaults();
  final TopologyTestDriver driver;
  private final String applicationId;

  TransmitterDriver(AdaptationSettings adaptation, Path stateDir) {
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Properties props = StreamsSettings.forRole(Role.TX.id(), "unused:9092", overrides);
    applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    PipelineConfig config = PipelineConfig.builder().codecId(TinyAdaptiveCodec.ID).adaptation(adaptation).build();
    driver = new TopologyTestDriver(TransmitterTopology.build(topics, config, TinyAdaptiveCodec.registry(),
        Runnable::run), props, Instant.ofEpochMilli(TinyAdaptiveCodec.T0));
  }

  void frames(String streamId, long fromSeq, long toSeq) {
    for (long seq = fromSeq; seq < toSeq; seq++) {
      byte[] bytes = SemSerdes.frame().toBytes(TinyAdaptiveCodec.frame(streamId, seq));
      driver.createInputTopic(topics.frames(), new ByteArraySerializer(), new ByteArraySerializer())
          .pipeInput(new TestRecord<>(streamId.getBytes(StandardCharsets.UTF_8), bytes,
              Instant.ofEpochMilli(TinyAdaptiveCodec.T0 + seq * 33)));
    }
  }

  List<TxPacket> packets() {
    return read(topics.txSymbols(), SemSerdes.txPacket());
  }

  List<ModelDelta> deltas() {
    return read(topics.modelDeltas(), SemSerdes.modelDelta());
  }

  List<ModelDelta> checkpoints() {
    return read(topics.modelCheckpoints(), SemSerdes.modelDelta());
  }

  KeyValueStore<String, Long> versions() {
    return driver.getKeyValueStore(TransmitterTopology.MODEL_VERSIONS_STORE);
  }

  KeyValueStore<String, float[]> parameters() {
    return driver.getKeyValueStore(TransmitterTopology.MODEL_PARAMETERS_STORE);
  }

  /** Keys the version store sent to its changelog: what a successor transmitter restores. */
  List<String> versionChangelogKeys() {
    List<String> keys = new ArrayList<>();
    for (TestRecord<byte[], byte[]> r : driver.createOutputTopic(
        applicationId + "-" + TransmitterTopology.MODEL_VERSIONS_STORE + "-changelog", new ByteArrayDeserializer(),
        new ByteArrayDeserializer()).readRecordsToList()) {
      keys.add(new String(r.key(), StandardCharsets.UTF_8));
    }
    return keys;
  }

  private <T extends SpecificRecord> List<T> read(String topic, AvroSerde<T> serde) {
    return OutputTopics.read(driver, topic, serde);
  }

  @Override
  public void close() {
    driver.close();
  }
}
