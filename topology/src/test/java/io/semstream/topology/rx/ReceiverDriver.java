package io.semstream.topology.rx;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Harness;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.ReceiverTopology;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The receiver's topology in the {@link Harness}, with the reads its tests make. */
final class ReceiverDriver implements AutoCloseable {
  static final long T0 = 1_700_000_000_000L;
  final Topics topics = Topics.defaults();
  final TopologyTestDriver driver;
  private final Harness harness;
  private long clock = T0;

  ReceiverDriver(CodecRegistry codecs, Path stateDir) {
    PipelineConfig config = PipelineConfig.builder().keepReferenceFrames(false).computeMsSsim(false).build();
    harness = Harness.of(ReceiverTopology.build(topics, config, codecs), Role.RX, stateDir, T0);
    driver = harness.driver;
  }

  @SuppressWarnings("unchecked")
  <T extends SpecificRecord> void pipe(String topic, String key, T value) {
    clock += 10;
    harness.pipeAt(topic, key, new AvroSerde<>((Class<T>) value.getClass()).toBytes(value), clock);
  }

  List<Reconstruction> reconstructions() {
    return harness.read(topics.reconstructions(), SemSerdes.reconstruction());
  }

  List<DeadLetter> deadLetters() {
    return harness.deadLetters();
  }

  KeyValueStore<String, float[]> parameters() {
    return harness.store(ReceiverTopology.DECODER_PARAMETERS_STORE);
  }

  KeyValueStore<String, DecoderState> states() {
    return harness.store(ReceiverTopology.DECODER_STATE_STORE);
  }

  /** What the parameter store sent to its changelog, i.e. what a successor instance restores. */
  List<TestRecord<byte[], byte[]>> parametersChangelog() {
    return harness.changelog(ReceiverTopology.DECODER_PARAMETERS_STORE);
  }

  @Override
  public void close() {
    harness.close();
  }
}
