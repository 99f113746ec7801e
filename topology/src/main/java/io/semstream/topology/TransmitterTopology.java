package io.semstream.topology;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.Frame;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.linkstate.LatestChannelStates;
import io.semstream.topology.records.AvroReader;
import io.semstream.topology.records.OriginSerde;
import io.semstream.topology.records.RecordOutput;
import io.semstream.topology.records.Tombstones;
import io.semstream.topology.state.LoggedStores;
import io.semstream.topology.state.ParameterVectorSerde;
import io.semstream.topology.state.RgbImageSerde;
import io.semstream.topology.tx.AdaptationGroups;
import io.semstream.topology.tx.AdaptationSettings;
import io.semstream.topology.tx.AdaptationWorker;
import io.semstream.topology.tx.FrameEncoder;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.topology.tx.TelemetryEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The {@code tx} role.
 *
 * <pre>
 * frames ──► frame-reader ──► frame-encoder ──► tx-symbols
 *                                  ▲ channel-state (store)
 * channel-state ──► channel-state-reader ──► channel-state-writer
 * readers, frame-encoder ──► dead-letter
 *
 * with online adaptation (PipelineConfig.adaptation):
 * frame-encoder ──► model-deltas, model-checkpoints
 *       ▲ tx-model-versions, tx-model-parameters, tx-adaptation-groups, tx-adaptation-frames,
 *         tx-waiting-frames, tx-waiting-links (stores)
 *
 * with a telemetry codec (PipelineConfig.telemetryCodecId):
 * telemetry ──► telemetry-reader ──► telemetry-encoder ──► tx-symbols
 *                                        ▲ channel-state, telemetry-streams (stores)
 * </pre>
 */
public final class TransmitterTopology {
  public static final String FRAMES_SOURCE = "frames-source";
  public static final String FRAME_READER = "frame-reader";
  public static final String FRAME_ENCODER = "frame-encoder";
  public static final String TX_SYMBOLS_SINK = "tx-symbols-sink";
  public static final String CHANNEL_STATE_SOURCE = LatestChannelStates.SOURCE;
  public static final String CHANNEL_STATE_READER = LatestChannelStates.READER;
  public static final String CHANNEL_STATE_WRITER = LatestChannelStates.WRITER;
  public static final String CHANNEL_STATE_STORE = LatestChannelStates.STORE;
  public static final String MODEL_DELTAS_SINK = "model-deltas-sink";
  public static final String MODEL_CHECKPOINTS_SINK = "model-checkpoints-sink";
  public static final String MODEL_VERSIONS_STORE = "tx-model-versions";
  public static final String MODEL_PARAMETERS_STORE = "tx-model-parameters";
  public static final String ADAPTATION_GROUPS_STORE = "tx-adaptation-groups";
  public static final String ADAPTATION_FRAMES_STORE = "tx-adaptation-frames";
  public static final String WAITING_FRAMES_STORE = "tx-waiting-frames";
  public static final String WAITING_LINKS_STORE = "tx-waiting-links";
  public static final String TELEMETRY_SOURCE = "telemetry-source";
  public static final String TELEMETRY_READER = "telemetry-reader";
  public static final String TELEMETRY_ENCODER = "telemetry-encoder";
  public static final String TELEMETRY_STREAMS_STORE = "telemetry-streams";

  private TransmitterTopology() {}

  /** Online adaptation, if on, trains on the JVM's single adaptation thread. */
  public static Topology build(Topics topics, PipelineConfig config, CodecRegistry codecs) {
    return build(topics, config, codecs, AdaptationWorker.sharedThread());
  }

  /**
   * @param adaptationExecutor where online adaptation trains; one thread at most (DJL allows one gradient
   *     collector per JVM), or a direct executor for a synchronous transmitter in tests
   */
  public static Topology build(Topics topics, PipelineConfig config, CodecRegistry codecs,
      Executor adaptationExecutor) {
    if (config.codecId() == null && config.telemetryCodecId() == null) {
      throw new IllegalArgumentException("the transmitter needs a codec id (PipelineConfig.codecId, for frames,"
          + " or telemetryCodecId, for telemetry)");
    }
    int limit = config.maxRecordBytes();
    ByteArraySerializer bytesOut = new ByteArraySerializer();
    Topology t = new Topology();
    List<String> deadLetterParents = new ArrayList<>(List.of(LatestChannelStates.READER, LatestChannelStates.WRITER));
    List<String> encoderNames = new ArrayList<>();
    if (config.codecId() != null) {
      addFrames(t, topics, config, codecs, adaptationExecutor);
      deadLetterParents.addAll(List.of(FRAME_READER, FRAME_ENCODER));
      encoderNames.add(FRAME_ENCODER);
    }
    if (config.telemetryCodecId() != null) {
      addTelemetry(t, topics, config);
      deadLetterParents.addAll(List.of(TELEMETRY_READER, TELEMETRY_ENCODER));
      encoderNames.add(TELEMETRY_ENCODER);
    }
    String[] encoders = encoderNames.toArray(String[]::new);
    t.addSink(TX_SYMBOLS_SINK, topics.txSymbols(), bytesOut, bytesOut, encoders);
    LatestChannelStates.addTo(t, topics, limit, encoders);
    t.addSink(RecordOutput.DEAD_LETTER_SINK, topics.deadLetter(), bytesOut, bytesOut,
        deadLetterParents.toArray(String[]::new));
    return t;
  }

  private static void addFrames(Topology t, Topics topics, PipelineConfig config, CodecRegistry codecs,
      Executor adaptationExecutor) {
    // Fails here, with the list of known codecs, rather than in every stream task at start-up.
    codecs.info(config.codecId());
    int limit = config.maxRecordBytes();
    ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
    ByteArraySerializer bytesOut = new ByteArraySerializer();

    t.addSource(FRAMES_SOURCE, bytesIn, bytesIn, topics.frames());
    t.addProcessor(FRAME_READER, AvroReader.supplier(FRAME_READER, SemSerdes.frame(), Frame::getStreamId,
        Tombstones.REJECT, true, FRAME_ENCODER, limit), FRAMES_SOURCE);
    AdaptationSettings adapt = config.adaptation();
    FrameEncoder.Adaptation adaptation = adapt.enabled()
        ? new FrameEncoder.Adaptation(new AdaptationWorker(codecs, adapt, adaptationExecutor), adapt,
            MODEL_VERSIONS_STORE, MODEL_PARAMETERS_STORE, ADAPTATION_GROUPS_STORE, ADAPTATION_FRAMES_STORE,
            WAITING_FRAMES_STORE, WAITING_LINKS_STORE, MODEL_DELTAS_SINK, MODEL_CHECKPOINTS_SINK)
        : null;
    t.addProcessor(FRAME_ENCODER, FrameEncoder.supplier(FRAME_ENCODER, config.codecId(), codecs,
        config.defaultChannel(), CHANNEL_STATE_STORE, TX_SYMBOLS_SINK, limit, adaptation), FRAME_READER);
    if (adaptation != null) {
      t.addSink(MODEL_DELTAS_SINK, topics.modelDeltas(), bytesOut, bytesOut, FRAME_ENCODER);
      t.addSink(MODEL_CHECKPOINTS_SINK, topics.modelCheckpoints(), bytesOut, bytesOut, FRAME_ENCODER);
      t.addStateStore(LoggedStores.keyValue(MODEL_VERSIONS_STORE, Serdes.Long(), limit), FRAME_ENCODER);
      t.addStateStore(LoggedStores.keyValue(MODEL_PARAMETERS_STORE, new ParameterVectorSerde(), limit),
          FRAME_ENCODER);
      t.addStateStore(LoggedStores.keyValue(ADAPTATION_GROUPS_STORE, AdaptationGroups.stateSerde(), limit),
          FRAME_ENCODER);
      t.addStateStore(LoggedStores.keyValue(ADAPTATION_FRAMES_STORE, new RgbImageSerde(), limit), FRAME_ENCODER);
      t.addStateStore(LoggedStores.keyValue(WAITING_FRAMES_STORE, new OriginSerde(), limit), FRAME_ENCODER);
      t.addStateStore(LoggedStores.keyValue(WAITING_LINKS_STORE, SemSerdes.channelState(), limit), FRAME_ENCODER);
    }
  }

  private static void addTelemetry(Topology t, Topics topics, PipelineConfig config) {
    TelemetryCodecs.Parsed codec = TelemetryCodecs.parse(config.telemetryCodecId());
    // Fails here with the reason, rather than in every stream task at start-up.
    TelemetryCodecs.unavailable(codec.family()).ifPresent(reason -> {
      throw new IllegalArgumentException("telemetry codec " + config.telemetryCodecId() + " is unavailable: " + reason);
    });
    int limit = config.maxRecordBytes();
    ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
    t.addSource(TELEMETRY_SOURCE, bytesIn, bytesIn, topics.telemetry());
    t.addProcessor(TELEMETRY_READER, AvroReader.supplier(TELEMETRY_READER, SemSerdes.telemetry(),
        TelemetryWindow::getStreamId, Tombstones.REJECT, true, TELEMETRY_ENCODER, limit), TELEMETRY_SOURCE);
    t.addProcessor(TELEMETRY_ENCODER, TelemetryEncoder.supplier(new TelemetryEncoder.Wiring(TELEMETRY_ENCODER,
        codec.family(), codec.cbr(), config.designSnrDb(), CHANNEL_STATE_STORE, TELEMETRY_STREAMS_STORE,
        TX_SYMBOLS_SINK), config.defaultChannel(), limit), TELEMETRY_READER);
    t.addStateStore(LoggedStores.keyValue(TELEMETRY_STREAMS_STORE, Serdes.ByteArray(), limit), TELEMETRY_ENCODER);
  }
}
