package io.semstream.topology.linkstate;

import io.semstream.schemas.ChannelState;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Topics;
import io.semstream.topology.records.AvroReader;
import io.semstream.topology.records.Tombstones;
import io.semstream.topology.state.LoggedStores;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.Topology;

/**
 * The {@code channel-state} topic as a table that transmitter and channel both read:
 * source → reader → writer → a logged store per link. Reader and writer can dead-letter, so a
 * role lists both among its dead-letter sink's parents.
 */
public final class LatestChannelStates {
  public static final String SOURCE = "channel-state-source";
  public static final String READER = "channel-state-reader";
  public static final String WRITER = "channel-state-writer";
  public static final String STORE = "channel-state";

  private LatestChannelStates() {}

  /** Adds the table's nodes and store; {@code users} are the processors that read the store. */
  public static void addTo(Topology t, Topics topics, int maxRecordBytes, String... users) {
    ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
    t.addSource(SOURCE, bytesIn, bytesIn, topics.channelState());
    t.addProcessor(READER, AvroReader.supplier(READER, SemSerdes.channelState(), ChannelState::getLinkId,
        Tombstones.FORWARD, true, WRITER, maxRecordBytes), SOURCE);
    t.addProcessor(WRITER, ChannelStateWriter.supplier(WRITER, STORE, maxRecordBytes), READER);
    String[] processors = new String[users.length + 1];
    processors[0] = WRITER;
    System.arraycopy(users, 0, processors, 1, users.length);
    t.addStateStore(LoggedStores.keyValue(STORE, SemSerdes.channelState(), maxRecordBytes), processors);
  }
}
