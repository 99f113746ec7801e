package io.semstream.topology.tx;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecRegistry;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.ChannelState;
import io.semstream.schemas.Frame;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.common.ChannelStateWriter;
import io.semstream.topology.common.FrameImages;
import io.semstream.topology.common.Origin;
import io.semstream.topology.common.Received;
import io.semstream.topology.common.RecordOutput;
import io.semstream.topology.common.RejectedRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The transmitter: encodes each frame with the pipeline's codec for the link's current conditions.
 * One codec instance per processor instance, i.e. per task, because a codec holds its model and is
 * not thread-safe.
 */
public final class FrameEncoder implements Processor<String, Received<Frame>, Object, Object> {

  private final String name;
  private final String codecId;
  private final CodecRegistry registry;
  private final ChannelConfig defaultChannel;
  private final String channelStateStore;
  private final String sink;
  private final int maxRecordBytes;
  private final AvroSerde<TxPacket> packets = SemSerdes.txPacket();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, ChannelState> channelStates;
  private RecordOutput output;
  private Codec codec;

  private FrameEncoder(String name, String codecId, CodecRegistry registry, ChannelConfig defaultChannel,
      String channelStateStore, String sink, int maxRecordBytes) {
    this.name = name;
    this.codecId = codecId;
    this.registry = registry;
    this.defaultChannel = defaultChannel;
    this.channelStateStore = channelStateStore;
    this.sink = sink;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ProcessorSupplier<String, Received<Frame>, Object, Object> supplier(String name, String codecId,
      CodecRegistry registry, ChannelConfig defaultChannel, String channelStateStore, String sink, int maxRecordBytes) {
    return () -> new FrameEncoder(name, codecId, registry, defaultChannel, channelStateStore, sink, maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.channelStates = context.getStateStore(channelStateStore);
    this.output = new RecordOutput(context, name, maxRecordBytes);
    this.codec = registry.create(codecId);
  }

  @Override
  public void process(Record<String, Received<Frame>> record) {
    Frame frame = record.value().value();
    Origin origin = record.value().origin();
    RgbImage image;
    try {
      image = FrameImages.decode(frame);
    } catch (RejectedRecordException e) {
      output.deadLetter(origin, e.getMessage());
      return;
    }
    ChannelConfig link = ChannelStateWriter.configOf(channelStates, record.key(), defaultChannel);
    TxPacket packet;
    try {
      packet = codec.encode(new SourceFrame(frame.getStreamId(), frame.getSeq(), frame.getCaptureTimestamp(), image),
          new LinkConditions(link.snrDb(), link.fading()));
    } catch (CodecException | IllegalArgumentException e) {
      // IllegalArgumentException too: a codec that validates its input with it is rejecting this
      // frame, and letting it escape would stop the stream on the same frame over and over.
      output.deadLetter(origin, "codec " + codecId + " cannot encode frame " + frame.getSeq() + ": " + e.getMessage());
      return;
    }
    packet.setTxTimestamp(context.currentSystemTimeMs());
    output.emit(sink, record.key(), packets.toBytes(packet), record.timestamp(), origin, "TxPacket");
  }

  @Override
  public void close() {
    if (codec != null) {
      codec.close();
    }
  }
}
