package io.semstream.topology.tx;

import io.semstream.schemas.ChannelState;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Harness;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import io.semstream.topology.TransmitterTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The transmitter's topology in the {@link Harness} with a synchronous adaptation worker: a group's job has
 * finished when the frame that completed it returns.
 */
final class TransmitterDriver implements AutoCloseable {
  final Topics topics = Topics.defaults();
  final TopologyTestDriver driver;
  private final Harness harness;

  private final AdaptationSettings adaptation;
  private final java.util.concurrent.Executor worker;

  TransmitterDriver(AdaptationSettings adaptation, Path stateDir) {
    this(adaptation, stateDir, Runnable::run);
  }

  /** @param worker where adaptation jobs run (a synchronous one, or one the test runs by hand) */
  TransmitterDriver(AdaptationSettings adaptation, Path stateDir, java.util.concurrent.Executor worker) {
    this.adaptation = adaptation;
    this.worker = worker;
    PipelineConfig config = PipelineConfig.builder().codecId(TinyAdaptiveCodec.ID).adaptation(adaptation).build();
    harness = Harness.of(TransmitterTopology.build(topics, config, TinyAdaptiveCodec.registry(), worker),
        Role.TX, stateDir, TinyAdaptiveCodec.T0);
    driver = harness.driver;
  }

  void frames(String streamId, long fromSeq, long toSeq) {
    for (long seq = fromSeq; seq < toSeq; seq++) {
      harness.pipeAt(topics.frames(), streamId, SemSerdes.frame().toBytes(TinyAdaptiveCodec.frame(streamId, seq)),
          TinyAdaptiveCodec.T0 + seq * 33);
    }
  }

  /** The stream's link from now on: AWGN at {@code snrDb}. */
  void link(String streamId, double snrDb, long atSeq) {
    ChannelState state = ChannelState.newBuilder().setLinkId(streamId).setTimestamp(TinyAdaptiveCodec.T0 + atSeq * 33)
        .setSnrDb(snrDb).setFading(io.semstream.schemas.FadingModel.AWGN).setCsiAtReceiver(true).build();
    harness.pipeAt(topics.channelState(), streamId, SemSerdes.channelState().toBytes(state),
        TinyAdaptiveCodec.T0 + atSeq * 33);
  }

  List<TxPacket> packets() {
    return harness.read(topics.txSymbols(), SemSerdes.txPacket());
  }

  List<ModelDelta> deltas() {
    return harness.read(topics.modelDeltas(), SemSerdes.modelDelta());
  }

  List<ModelDelta> checkpoints() {
    return harness.read(topics.modelCheckpoints(), SemSerdes.modelDelta());
  }

  KeyValueStore<String, Long> versions() {
    return harness.store(TransmitterTopology.MODEL_VERSIONS_STORE);
  }

  KeyValueStore<String, float[]> parameters() {
    return harness.store(TransmitterTopology.MODEL_PARAMETERS_STORE);
  }

  /** Keys the version store sent to its changelog: what a successor transmitter restores. */
  List<String> versionChangelogKeys() {
    List<String> keys = new ArrayList<>();
    for (TestRecord<byte[], byte[]> r : harness.changelog(TransmitterTopology.MODEL_VERSIONS_STORE)) {
      keys.add(new String(r.key(), StandardCharsets.UTF_8));
    }
    return keys;
  }

  /**
   * A new transmitter that takes the streams over with what this one's stores hold, as a successor restores
   * them from the changelogs (every record is committed here); nothing in this one's memory goes across.
   */
  TransmitterDriver successor(Path stateDir) {
    return successorWith(adaptation, stateDir);
  }

  /** As {@link #successor}, configured with {@code settings}. */
  TransmitterDriver successorWith(AdaptationSettings settings, Path stateDir) {
    TransmitterDriver next = new TransmitterDriver(settings, stateDir, worker);
    for (String name : List.of(TransmitterTopology.MODEL_VERSIONS_STORE, TransmitterTopology.MODEL_PARAMETERS_STORE,
        TransmitterTopology.ADAPTATION_GROUPS_STORE, TransmitterTopology.ADAPTATION_FRAMES_STORE,
        TransmitterTopology.WAITING_FRAMES_STORE, TransmitterTopology.WAITING_LINKS_STORE,
        TransmitterTopology.CHANNEL_STATE_STORE)) {
      KeyValueStore<String, Object> from = harness.store(name);
      KeyValueStore<String, Object> to = next.harness.store(name);
      try (var all = from.all()) {
        all.forEachRemaining(kv -> to.put(kv.key, kv.value));
      }
    }
    return next;
  }

  /** Lets wall-clock time pass, so the encoder looks at its waiting frames. */
  void wait(int millis) {
    driver.advanceWallClockTime(java.time.Duration.ofMillis(millis));
  }

  GroupState groupState(String streamId) {
    KeyValueStore<String, GroupState> states = harness.store(TransmitterTopology.ADAPTATION_GROUPS_STORE);
    return states.get(streamId);
  }

  @Override
  public void close() {
    harness.close();
  }
}
