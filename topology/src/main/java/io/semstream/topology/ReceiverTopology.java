package io.semstream.topology;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.Frame;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.records.AvroReader;
import io.semstream.topology.records.OriginSerde;
import io.semstream.topology.records.RecordOutput;
import io.semstream.topology.records.Tombstones;
import io.semstream.topology.rx.DecoderState;
import io.semstream.topology.rx.LinkMetricsAggregator;
import io.semstream.topology.rx.PacketDecoder;
import io.semstream.topology.rx.ReferenceKeeper;
import io.semstream.topology.state.LoggedStores;
import io.semstream.topology.state.ParameterVectorSerde;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.topology.rx.PacketRouter;
import io.semstream.topology.rx.TelemetryDecoder;
import io.semstream.topology.rx.TelemetryReferenceKeeper;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The {@code rx} role.
 *
 * <pre>
 * rx-symbols        ──► rx-packet-reader ──► packet-router ─┐
 * model-deltas      ──► model-delta-reader ────────────────┼─► decoder ──► reconstructions
 * model-checkpoints ──► model-checkpoint-reader ───────────┘      │  ▲
 *                                                                  │  └ decoder-state, decoder-parameters,
 *                                                                  │    decoder-history, held-packets,
 *                                                                  │    reference-frames (stores)
 *                                                                  └─► link-metrics ──► metrics
 *                                packet-router ──► telemetry-decoder ──► telemetry-reconstructions
 *                                  (telemetry packets)   │  ▲ telemetry-last, telemetry-references (stores)
 *                                                        └─► link-metrics
 * frames            ──► reference-reader ──► reference-keeper (reference-frames store)   [keepReferenceFrames]
 * telemetry         ──► telemetry-reference-reader ──► telemetry-reference-keeper        [keepReferenceFrames]
 * readers, decoders ──► dead-letter
 * </pre>
 *
 * <p>PSNR needs the original frame before its packet: in a live pipeline it is read long before,
 * since the packet crosses two more hops; when an {@code rx} replays existing topics from the
 * start, Kafka Streams interleaves them by record timestamp and a packet carries its frame's
 * timestamp, so a frame may come just after its packet and that reconstruction has no PSNR.
 */
public final class ReceiverTopology {
  public static final String RX_SYMBOLS_SOURCE = "rx-symbols-source";
  public static final String RX_PACKET_READER = "rx-packet-reader";
  public static final String MODEL_DELTAS_SOURCE = "model-deltas-source";
  public static final String MODEL_DELTA_READER = "model-delta-reader";
  public static final String MODEL_CHECKPOINTS_SOURCE = "model-checkpoints-source";
  public static final String MODEL_CHECKPOINT_READER = "model-checkpoint-reader";
  public static final String FRAMES_SOURCE = "frames-source";
  public static final String REFERENCE_READER = "reference-reader";
  public static final String REFERENCE_KEEPER = "reference-keeper";
  public static final String DECODER = "decoder";
  public static final String LINK_METRICS = "link-metrics";
  public static final String RECONSTRUCTIONS_SINK = "reconstructions-sink";
  public static final String METRICS_SINK = "metrics-sink";
  public static final String DECODER_STATE_STORE = "decoder-state";
  public static final String DECODER_PARAMETERS_STORE = "decoder-parameters";
  public static final String DECODER_HISTORY_STORE = "decoder-history";
  public static final String HELD_PACKETS_STORE = "held-packets";
  public static final String REFERENCE_FRAMES_STORE = "reference-frames";
  public static final String METRICS_WINDOWS_STORE = "metrics-windows";
  public static final String PACKET_ROUTER = "packet-router";
  public static final String TELEMETRY_DECODER = "telemetry-decoder";
  public static final String TELEMETRY_RECONSTRUCTIONS_SINK = "telemetry-reconstructions-sink";
  public static final String TELEMETRY_LAST_STORE = "telemetry-last";
  public static final String TELEMETRY_SOURCE = "telemetry-source";
  public static final String TELEMETRY_REFERENCE_READER = "telemetry-reference-reader";
  public static final String TELEMETRY_REFERENCE_KEEPER = "telemetry-reference-keeper";
  public static final String TELEMETRY_REFERENCES_STORE = "telemetry-references";

  private ReceiverTopology() {}

  public static Topology build(Topics topics, PipelineConfig config, CodecRegistry codecs) {
    int limit = config.maxRecordBytes();
    boolean references = config.keepReferenceFrames();
    ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
    ByteArraySerializer bytesOut = new ByteArraySerializer();
    Topology t = new Topology();

    t.addSource(RX_SYMBOLS_SOURCE, bytesIn, bytesIn, topics.rxSymbols());
    t.addProcessor(RX_PACKET_READER, AvroReader.supplier(RX_PACKET_READER, SemSerdes.rxPacket(),
        RxPacket::getStreamId, Tombstones.REJECT, true, PACKET_ROUTER, limit), RX_SYMBOLS_SOURCE);
    t.addProcessor(PACKET_ROUTER, PacketRouter.supplier(DECODER, TELEMETRY_DECODER), RX_PACKET_READER);
    t.addSource(MODEL_DELTAS_SOURCE, bytesIn, bytesIn, topics.modelDeltas());
    t.addProcessor(MODEL_DELTA_READER, AvroReader.supplier(MODEL_DELTA_READER, SemSerdes.modelDelta(),
        ModelDelta::getStreamId, Tombstones.REJECT, true, DECODER, limit), MODEL_DELTAS_SOURCE);
    t.addSource(MODEL_CHECKPOINTS_SOURCE, bytesIn, bytesIn, topics.modelCheckpoints());
    t.addProcessor(MODEL_CHECKPOINT_READER, AvroReader.supplier(MODEL_CHECKPOINT_READER, SemSerdes.modelDelta(),
        ModelDelta::getStreamId, Tombstones.IGNORE, true, DECODER, limit), MODEL_CHECKPOINTS_SOURCE);

    PacketDecoder.Wiring wiring = new PacketDecoder.Wiring(DECODER, DECODER_STATE_STORE, DECODER_PARAMETERS_STORE,
        DECODER_HISTORY_STORE, HELD_PACKETS_STORE, references ? REFERENCE_FRAMES_STORE : null, RECONSTRUCTIONS_SINK, LINK_METRICS);
    t.addProcessor(DECODER, PacketDecoder.supplier(wiring, codecs, config.holdBufferPackets(),
        config.referenceBufferFrames(), config.computeMsSsim(), limit),
        PACKET_ROUTER, MODEL_DELTA_READER, MODEL_CHECKPOINT_READER);
    t.addProcessor(TELEMETRY_DECODER, TelemetryDecoder.supplier(new TelemetryDecoder.Wiring(TELEMETRY_DECODER,
        TELEMETRY_LAST_STORE, references ? TELEMETRY_REFERENCES_STORE : null, TELEMETRY_RECONSTRUCTIONS_SINK,
        LINK_METRICS), config.designSnrDb(), config.referenceBufferFrames(), limit), PACKET_ROUTER);
    t.addProcessor(LINK_METRICS,
        LinkMetricsAggregator.supplier(METRICS_WINDOWS_STORE, METRICS_SINK, config.metricsWindow()), DECODER,
        TELEMETRY_DECODER);
    t.addSink(RECONSTRUCTIONS_SINK, topics.reconstructions(), bytesOut, bytesOut, DECODER);
    t.addSink(TELEMETRY_RECONSTRUCTIONS_SINK, topics.telemetryReconstructions(), bytesOut, bytesOut,
        TELEMETRY_DECODER);
    t.addStateStore(LoggedStores.keyValue(TELEMETRY_LAST_STORE, Serdes.ByteArray(), limit), TELEMETRY_DECODER);
    t.addSink(METRICS_SINK, topics.metrics(), bytesOut, bytesOut, LINK_METRICS);

    t.addStateStore(LoggedStores.keyValue(DECODER_STATE_STORE, new DecoderState.StoreSerde(), limit), DECODER);
    t.addStateStore(LoggedStores.keyValue(DECODER_PARAMETERS_STORE, new ParameterVectorSerde(), limit),
        DECODER);
    t.addStateStore(LoggedStores.keyValue(DECODER_HISTORY_STORE, new ParameterVectorSerde(), limit), DECODER);
    t.addStateStore(LoggedStores.keyValue(HELD_PACKETS_STORE, new OriginSerde(), limit), DECODER);
    t.addStateStore(LinkMetricsAggregator.store(METRICS_WINDOWS_STORE, limit), LINK_METRICS);

    List<String> deadLetterParents = new ArrayList<>(List.of(RX_PACKET_READER, MODEL_DELTA_READER,
        MODEL_CHECKPOINT_READER, DECODER, TELEMETRY_DECODER));
    if (references) {
      t.addSource(FRAMES_SOURCE, bytesIn, bytesIn, topics.frames());
      // Invalid frames are the transmitter's to report; here they only mean "no PSNR".
      t.addProcessor(REFERENCE_READER, AvroReader.supplier(REFERENCE_READER, SemSerdes.frame(), Frame::getStreamId,
          Tombstones.IGNORE, false, REFERENCE_KEEPER, limit), FRAMES_SOURCE);
      t.addProcessor(REFERENCE_KEEPER,
          ReferenceKeeper.supplier(REFERENCE_FRAMES_STORE, config.referenceBufferFrames(), limit), REFERENCE_READER);
      t.addStateStore(LoggedStores.keyValue(REFERENCE_FRAMES_STORE, Serdes.ByteArray(), limit),
          REFERENCE_KEEPER, DECODER);
      deadLetterParents.add(REFERENCE_READER);
      t.addSource(TELEMETRY_SOURCE, bytesIn, bytesIn, topics.telemetry());
      t.addProcessor(TELEMETRY_REFERENCE_READER, AvroReader.supplier(TELEMETRY_REFERENCE_READER, SemSerdes.telemetry(),
          TelemetryWindow::getStreamId, Tombstones.IGNORE, false, TELEMETRY_REFERENCE_KEEPER, limit), TELEMETRY_SOURCE);
      t.addProcessor(TELEMETRY_REFERENCE_KEEPER, TelemetryReferenceKeeper.supplier(TELEMETRY_REFERENCES_STORE,
          config.referenceBufferFrames(), limit), TELEMETRY_REFERENCE_READER);
      t.addStateStore(LoggedStores.keyValue(TELEMETRY_REFERENCES_STORE, Serdes.ByteArray(), limit),
          TELEMETRY_REFERENCE_KEEPER, TELEMETRY_DECODER);
      deadLetterParents.add(TELEMETRY_REFERENCE_READER);
    }
    t.addSink(RecordOutput.DEAD_LETTER_SINK, topics.deadLetter(), bytesOut, bytesOut,
        deadLetterParents.toArray(String[]::new));
    return t;
  }
}
