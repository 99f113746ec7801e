package io.semstream.topology.tx;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.ChannelState;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.ProcessorStartupException;
import io.semstream.topology.linkstate.ChannelStateWriter;
import io.semstream.topology.records.Origin;
import io.semstream.topology.records.Received;
import io.semstream.topology.records.RecordOutput;
import io.semstream.topology.records.RejectedRecordException;
import io.semstream.topology.records.TelemetryWindows;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The telemetry transmitter: checks each window against its stream (finite samples, the channel count of
 * the stream's first window, time that does not go backwards, a seq that moves on), fixes the stream's
 * profile from its first window, and encodes the window for the link's current conditions. The profile,
 * the channel names and the rate travel in the packet as stream metadata. One codec per processor, i.e.
 * per task.
 */
public final class TelemetryEncoder implements Processor<String, Received<TelemetryWindow>, Object, Object> {
  private final String name;
  private final String family;
  private final double cbr;
  private final double designSnrDb;
  private final ChannelConfig defaultChannel;
  private final String channelStateStore;
  private final String streamStore;
  private final String sink;
  private final int maxRecordBytes;
  private final AvroSerde<TxPacket> packets = SemSerdes.txPacket();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, ChannelState> channelStates;
  private KeyValueStore<String, byte[]> streams;
  private RecordOutput output;
  private TelemetryCodec codec;

  /** The codec, its CBR and design SNR (NaN: each window's link SNR), and where the encoder reads and writes. */
  public record Wiring(String name, String family, double cbr, double designSnrDb, String channelStateStore,
      String streamStore, String sink) {}

  private TelemetryEncoder(Wiring w, ChannelConfig defaultChannel, int maxRecordBytes) {
    this.name = w.name();
    this.family = w.family();
    this.cbr = w.cbr();
    this.designSnrDb = w.designSnrDb();
    this.channelStateStore = w.channelStateStore();
    this.streamStore = w.streamStore();
    this.sink = w.sink();
    this.defaultChannel = defaultChannel;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ProcessorSupplier<String, Received<TelemetryWindow>, Object, Object> supplier(Wiring wiring,
      ChannelConfig defaultChannel, int maxRecordBytes) {
    return () -> new TelemetryEncoder(wiring, defaultChannel, maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.channelStates = context.getStateStore(channelStateStore);
    this.streams = context.getStateStore(streamStore);
    this.output = new RecordOutput(context, name, maxRecordBytes);
    try {
      this.codec = TelemetryCodecs.create(family, cbr, designSnrDb);
    } catch (RuntimeException e) {
      throw new ProcessorStartupException("the transmitter cannot create telemetry codec " + family + " at CBR " + cbr
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void process(Record<String, Received<TelemetryWindow>> record) {
    TelemetryWindow w = record.value().value();
    Origin origin = record.value().origin();
    SeriesWindow window;
    try {
      window = TelemetryWindows.of(w);
    } catch (RejectedRecordException e) {
      output.deadLetter(origin, e.getMessage());
      return;
    }
    byte[] stored = streams.get(record.key());
    TelemetryStreamState state = stored == null ? null : TelemetryStreamState.fromBytes(stored);
    if (state != null) {
      String reason = null;
      if (state.channels() == window.channels() && state.namesHash() != w.getChannelNames().hashCode()) {
        reason = "window " + w.getSeq() + " names its channels " + w.getChannelNames() + ", not as stream "
            + record.key() + " did (a stream keeps its channels in their order; start a new stream id for others)";
      } else if (state.channels() != window.channels()) {
        reason = "window " + w.getSeq() + " has " + window.channels() + " channels; stream " + record.key()
            + " has " + state.channels() + " (a stream keeps its channels; start a new stream id for others)";
      } else if (w.getStartTimestamp() < state.lastStart()) {
        reason = "window " + w.getSeq() + " starts at " + w.getStartTimestamp() + " ms, before the previous window's "
            + state.lastStart() + " ms: time went backwards";
      } else if (w.getSeq() <= state.lastSeq()) {
        reason = "window " + w.getSeq() + " does not follow window " + state.lastSeq() + " (seq must increase)";
      }
      if (reason != null) {
        output.deadLetter(origin, reason);
        return;
      }
    }
    StreamProfile profile = state != null ? state.streamProfile() : StreamProfile.of(List.of(window));
    byte[] profileBytes = state != null ? state.profile() : profile.toBytes();
    ChannelConfig link = ChannelStateWriter.configOf(channelStates, record.key(), defaultChannel);
    TxPacket packet;
    long started = System.nanoTime();
    try {
      packet = codec.encode(new TelemetryWindowMeta(w.getStreamId(), w.getSeq(), w.getStartTimestamp()), window,
          profile, LinkConditions.of(link));
    } catch (NonFiniteOutputException e) {
      output.deadLetter(origin, "codec " + codec.id() + " produced non-finite values for window " + w.getSeq() + ": "
          + e.getMessage());
      return;
    } catch (RuntimeException e) {
      // A codec that rejects this window (with IllegalArgumentException or anything else) rejects it alone.
      output.deadLetter(origin, "codec " + codec.id() + " cannot encode window " + w.getSeq() + ": " + e);
      return;
    }
    output.meters().encoded(codec.id(), System.nanoTime() - started);
    packet.setChannelNames(List.copyOf(w.getChannelNames()));
    packet.setSampleRateHz(w.getSampleRateHz());
    packet.setStreamProfile(ByteBuffer.wrap(profileBytes));
    packet.setTxTimestamp(context.currentSystemTimeMs());
    if (output.emit(sink, record.key(), packets.toBytes(packet), record.timestamp(), origin, "TxPacket")) {
      streams.put(record.key(), (state != null ? state.next(w.getSeq(), w.getStartTimestamp())
          : new TelemetryStreamState(window.channels(), w.getChannelNames().hashCode(), w.getSeq(),
              w.getStartTimestamp(), profileBytes)).toBytes());
    }
  }

  @Override
  public void close() {
    if (codec != null) {
      codec.close();
    }
  }
}
