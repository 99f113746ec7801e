package io.semstream.topology;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.channel.ChannelEmulator;
import io.semstream.topology.records.AvroReader;
import io.semstream.topology.linkstate.LatestChannelStates;
import io.semstream.topology.state.LoggedStores;
import io.semstream.topology.records.RecordOutput;
import io.semstream.topology.records.Tombstones;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The {@code channel} role: a hop of its own so a recorded {@code tx-symbols} topic can be
 * replayed through other channel conditions, or the emulator replaced by a real radio.
 *
 * <pre>
 * tx-symbols ──► tx-packet-reader ──► channel ──► rx-symbols
 *                                       ▲ channel-state, fading-state (stores)
 * channel-state ──► channel-state-reader ──► channel-state-writer
 * readers, channel ──► dead-letter
 * </pre>
 */
public final class ChannelTopology {
  public static final String TX_SYMBOLS_SOURCE = "tx-symbols-source";
  public static final String TX_PACKET_READER = "tx-packet-reader";
  public static final String CHANNEL = "channel";
  public static final String RX_SYMBOLS_SINK = "rx-symbols-sink";
  public static final String CHANNEL_STATE_SOURCE = LatestChannelStates.SOURCE;
  public static final String CHANNEL_STATE_READER = LatestChannelStates.READER;
  public static final String CHANNEL_STATE_WRITER = LatestChannelStates.WRITER;
  public static final String CHANNEL_STATE_STORE = LatestChannelStates.STORE;
  public static final String FADING_STATE_STORE = "fading-state";

  private ChannelTopology() {}

  /** {@code codecs} is unused: the channel never looks inside the symbols. */
  public static Topology build(Topics topics, PipelineConfig config, CodecRegistry codecs) {
    int limit = config.maxRecordBytes();
    ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
    ByteArraySerializer bytesOut = new ByteArraySerializer();
    Topology t = new Topology();

    t.addSource(TX_SYMBOLS_SOURCE, bytesIn, bytesIn, topics.txSymbols());
    t.addProcessor(TX_PACKET_READER, AvroReader.supplier(TX_PACKET_READER, SemSerdes.txPacket(),
        TxPacket::getStreamId, Tombstones.REJECT, true, CHANNEL, limit), TX_SYMBOLS_SOURCE);
    t.addProcessor(CHANNEL, ChannelEmulator.supplier(CHANNEL, config.runSeed(), config.defaultChannel(),
        CHANNEL_STATE_STORE, FADING_STATE_STORE, RX_SYMBOLS_SINK, limit), TX_PACKET_READER);
    t.addSink(RX_SYMBOLS_SINK, topics.rxSymbols(), bytesOut, bytesOut, CHANNEL);

    LatestChannelStates.addTo(t, topics, limit, CHANNEL);
    t.addStateStore(LoggedStores.keyValue(FADING_STATE_STORE, Serdes.ByteArray(), limit), CHANNEL);

    t.addSink(RecordOutput.DEAD_LETTER_SINK, topics.deadLetter(), bytesOut, bytesOut,
        TX_PACKET_READER, CHANNEL, LatestChannelStates.READER, LatestChannelStates.WRITER);
    return t;
  }
}
