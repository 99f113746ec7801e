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
 * rx-symbols        ──► rx-packet-reader ────────┐
 * model-deltas      ──► model-delta-reader ──────┼─► decoder ──► reconstructions
 * model-checkpoints ──► model-checkpoint-reader ─┘      │  ▲
 *                                                        │  └ decoder-state, decoder-parameters, held-packets,
 *                                                        │    reference-frames (stores)
 *                                                        └─► link-metrics ──► metrics
 * frames            ──► reference-reader ──► reference-keeper (reference-frames store)   [keepReferenceFrames]
 * readers, decoder  ──► dead-letter
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
  public static final String HELD_PACKETS_STORE = "held-packets";
  public static final String REFERENCE_FRAMES_STORE = "reference-frames";
  public static final String METRICS_WINDOWS_STORE = "metrics-windows";

  private ReceiverTopology() {}

  public static Topology build(Topics topics, PipelineConfig config, CodecRegistry codecs) {
    int limit = config.maxRecordBytes();
    boolean references = config.keepReferenceFrames();
    ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
    ByteArraySerializer bytesOut = new ByteArraySerializer();
    Topology t = new Topology();

    t.addSource(RX_SYMBOLS_SOURCE, bytesIn, bytesIn, topics.rxSymbols());
    t.addProcessor(RX_PACKET_READER, AvroReader.supplier(RX_PACKET_READER, SemSerdes.rxPacket(),
        RxPacket::getStreamId, Tombstones.REJECT, true, DECODER, limit), RX_SYMBOLS_SOURCE);
    t.addSource(MODEL_DELTAS_SOURCE, bytesIn, bytesIn, topics.modelDeltas());
    t.addProcessor(MODEL_DELTA_READER, AvroReader.supplier(MODEL_DELTA_READER, SemSerdes.modelDelta(),
        ModelDelta::getStreamId, Tombstones.REJECT, true, DECODER, limit), MODEL_DELTAS_SOURCE);
    t.addSource(MODEL_CHECKPOINTS_SOURCE, bytesIn, bytesIn, topics.modelCheckpoints());
    t.addProcessor(MODEL_CHECKPOINT_READER, AvroReader.supplier(MODEL_CHECKPOINT_READER, SemSerdes.modelDelta(),
        ModelDelta::getStreamId, Tombstones.IGNORE, true, DECODER, limit), MODEL_CHECKPOINTS_SOURCE);

    PacketDecoder.Wiring wiring = new PacketDecoder.Wiring(DECODER, DECODER_STATE_STORE, DECODER_PARAMETERS_STORE,
        HELD_PACKETS_STORE, references ? REFERENCE_FRAMES_STORE : null, RECONSTRUCTIONS_SINK, LINK_METRICS);
    t.addProcessor(DECODER, PacketDecoder.supplier(wiring, codecs, config.holdBufferPackets(),
        config.referenceBufferFrames(), config.computeMsSsim(), limit),
        RX_PACKET_READER, MODEL_DELTA_READER, MODEL_CHECKPOINT_READER);
    t.addProcessor(LINK_METRICS,
        LinkMetricsAggregator.supplier(METRICS_WINDOWS_STORE, METRICS_SINK, config.metricsWindow()), DECODER);
    t.addSink(RECONSTRUCTIONS_SINK, topics.reconstructions(), bytesOut, bytesOut, DECODER);
    t.addSink(METRICS_SINK, topics.metrics(), bytesOut, bytesOut, LINK_METRICS);

    t.addStateStore(LoggedStores.keyValue(DECODER_STATE_STORE, new DecoderState.StoreSerde(), limit), DECODER);
    t.addStateStore(LoggedStores.keyValue(DECODER_PARAMETERS_STORE, new ParameterVectorSerde(), limit),
        DECODER);
    t.addStateStore(LoggedStores.keyValue(HELD_PACKETS_STORE, new OriginSerde(), limit), DECODER);
    t.addStateStore(LinkMetricsAggregator.store(METRICS_WINDOWS_STORE, limit), LINK_METRICS);

    List<String> deadLetterParents = new ArrayList<>(List.of(RX_PACKET_READER, MODEL_DELTA_READER,
        MODEL_CHECKPOINT_READER, DECODER));
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
    }
    t.addSink(RecordOutput.DEAD_LETTER_SINK, topics.deadLetter(), bytesOut, bytesOut,
        deadLetterParents.toArray(String[]::new));
    return t;
  }
}
