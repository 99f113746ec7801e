package io.semstream.topology;

import io.semstream.codecs.api.CodecRegistry;
import io.semstream.schemas.Frame;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.common.AvroReader;
import io.semstream.topology.common.ChannelStateTable;
import io.semstream.topology.common.LoggedStores;
import io.semstream.topology.common.RecordOutput;
import io.semstream.topology.common.Tombstones;
import io.semstream.topology.tx.FrameEncoder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * The {@code tx} role.
 *
 * <pre>
 * frames ──► frame-reader ──► frame-encoder ──► tx-symbols
 *                                  ▲ channel-state (store)
 * channel-state ──► channel-state-reader ──► channel-state-writer
 * readers, frame-encoder ──► dead-letter
 * </pre>
 */
public final class TransmitterTopology {
  public static final String FRAMES_SOURCE = "frames-source";
  public static final String FRAME_READER = "frame-reader";
  public static final String FRAME_ENCODER = "frame-encoder";
  public static final String TX_SYMBOLS_SINK = "tx-symbols-sink";
  public static final String CHANNEL_STATE_SOURCE = ChannelStateTable.SOURCE;
  public static final String CHANNEL_STATE_READER = ChannelStateTable.READER;
  public static final String CHANNEL_STATE_WRITER = ChannelStateTable.WRITER;
  public static final String CHANNEL_STATE_STORE = ChannelStateTable.STORE;

  private TransmitterTopology() {}

  public static Topology build(Topics topics, PipelineConfig config, CodecRegistry codecs) {
    if (config.codecId() == null) {
      throw new IllegalArgumentException("the transmitter needs a codec id (PipelineConfig.codecId)");
    }
    // Fails here, with the list of known codecs, rather than in every stream task at start-up.
    codecs.info(config.codecId());
    int limit = config.maxRecordBytes();
    ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
    ByteArraySerializer bytesOut = new ByteArraySerializer();
    Topology t = new Topology();

    t.addSource(FRAMES_SOURCE, bytesIn, bytesIn, topics.frames());
    t.addProcessor(FRAME_READER, AvroReader.supplier(FRAME_READER, SemSerdes.frame(), Frame::getStreamId,
        Tombstones.REJECT, true, FRAME_ENCODER, limit), FRAMES_SOURCE);
    t.addProcessor(FRAME_ENCODER, FrameEncoder.supplier(FRAME_ENCODER, config.codecId(), codecs,
        config.defaultChannel(), CHANNEL_STATE_STORE, TX_SYMBOLS_SINK, limit), FRAME_READER);
    t.addSink(TX_SYMBOLS_SINK, topics.txSymbols(), bytesOut, bytesOut, FRAME_ENCODER);

    ChannelStateTable.addTo(t, topics, limit, FRAME_ENCODER);

    t.addSink(RecordOutput.DEAD_LETTER_SINK, topics.deadLetter(), bytesOut, bytesOut,
        FRAME_READER, FRAME_ENCODER, ChannelStateTable.READER, ChannelStateTable.WRITER);
    return t;
  }
}
