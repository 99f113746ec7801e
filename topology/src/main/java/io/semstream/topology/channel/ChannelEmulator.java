package io.semstream.topology.channel;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.FadingState;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.schemas.ChannelState;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.linkstate.ChannelStateWriter;
import io.semstream.topology.records.Origin;
import io.semstream.topology.records.Received;
import io.semstream.topology.records.RecordOutput;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The radio link: passes each packet's symbols through {@link ChannelSimulator} under the link's
 * current channel state. Draws depend only on (run seed, streamId, seq), and the one thing that
 * carries from packet to packet, the fast-fading gain, lives in a logged store, so replaying a
 * {@code tx-symbols} topic gives the same {@code rx-symbols} even across a crash.
 */
public final class ChannelEmulator implements Processor<String, Received<TxPacket>, Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(ChannelEmulator.class);

  private final String name;
  private final ChannelSimulator simulator;
  private final ChannelConfig defaultChannel;
  private final String channelStateStore;
  private final String fadingStateStore;
  private final String sink;
  private final int maxRecordBytes;
  private final AvroSerde<RxPacket> packets = SemSerdes.rxPacket();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, ChannelState> channelStates;
  private KeyValueStore<String, byte[]> fadingStates;
  private RecordOutput output;

  private ChannelEmulator(String name, long runSeed, ChannelConfig defaultChannel, String channelStateStore,
      String fadingStateStore, String sink, int maxRecordBytes) {
    this.name = name;
    this.simulator = new ChannelSimulator(runSeed);
    this.defaultChannel = defaultChannel;
    this.channelStateStore = channelStateStore;
    this.fadingStateStore = fadingStateStore;
    this.sink = sink;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ProcessorSupplier<String, Received<TxPacket>, Object, Object> supplier(String name, long runSeed,
      ChannelConfig defaultChannel, String channelStateStore, String fadingStateStore, String sink, int maxRecordBytes) {
    return () -> new ChannelEmulator(name, runSeed, defaultChannel, channelStateStore, fadingStateStore, sink,
        maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.channelStates = context.getStateStore(channelStateStore);
    this.fadingStates = context.getStateStore(fadingStateStore);
    this.output = new RecordOutput(context, name, maxRecordBytes);
  }

  @Override
  public void process(Record<String, Received<TxPacket>> record) {
    TxPacket tx = record.value().value();
    Origin origin = record.value().origin();
    String streamId = record.key();
    float[] iq;
    try {
      iq = Symbols.fromBytes(tx.getSymbols());
    } catch (IllegalArgumentException e) {
      output.deadLetter(origin, e.getMessage());
      return;
    }
    for (int i = 0; i < iq.length; i++) {
      if (!Float.isFinite(iq[i])) {
        // A transmitter never sends these; a radio cannot carry them, and noise added to them stays non-finite.
        output.deadLetter(origin, "packet " + tx.getSeq() + " of stream " + streamId + " has a non-finite symbol ("
            + iq[i] + " at real " + i + "); symbols must be finite");
        return;
      }
    }
    ChannelConfig link = ChannelStateWriter.configOf(channelStates, streamId, defaultChannel);
    ChannelOutput out = simulator.transmit(iq, link, streamId, tx.getSeq(), previousFading(streamId));
    if (out.next() != null) {
      fadingStates.put(streamId, out.next().toBytes());
    } else {
      fadingStates.delete(streamId);
    }
    RxPacket rx = RxPackets.from(tx, out, link, context.currentSystemTimeMs());
    output.emit(sink, streamId, packets.toBytes(rx), record.timestamp(), origin, "RxPacket");
  }

  private FadingState previousFading(String streamId) {
    try {
      return FadingState.fromBytes(fadingStates.get(streamId));
    } catch (IllegalArgumentException e) {
      // Only a store written by another version could hold this; a fresh fading draw is harmless.
      log.warn("stream {}: unreadable fading state ({}), starting a new fading trajectory", streamId, e.getMessage());
      return null;
    }
  }
}
