package io.semstream.topology.tx;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.ChannelState;
import io.semstream.schemas.Frame;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.ProcessorStartupException;
import io.semstream.topology.linkstate.ChannelStateWriter;
import io.semstream.topology.records.FrameImages;
import io.semstream.topology.records.Origin;
import io.semstream.topology.sensors.OutcomeSensors;
import io.semstream.topology.records.Received;
import io.semstream.topology.records.RecordOutput;
import io.semstream.topology.records.RejectedRecordException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transmitter: encodes each frame with the pipeline's codec for the link's current conditions.
 * One codec instance per processor instance, i.e. per task, because a codec holds its model and is
 * not thread-safe.
 *
 * <p>With {@link Adaptation} given and a codec whose decoder adapts, each packet names the stream's decoder
 * version and the frames feed online adaptation ({@link StreamAdaptation}); otherwise every packet names
 * version 0.
 */
public final class FrameEncoder implements Processor<String, Received<Frame>, Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(FrameEncoder.class);

  /**
   * Online adaptation's wiring: the worker shared by the topology's processors, and the names of the
   * stores and sinks it writes.
   */
  public record Adaptation(AdaptationWorker worker, AdaptationSettings settings, String versionStore,
      String parameterStore, String groupStore, String groupFrameStore, String waitingStore, String waitingLinkStore, String deltaSink,
      String checkpointSink) {}

  /** How often frames waiting for an adaptation job are looked at. */
  private static final java.time.Duration WAITING_CHECK = java.time.Duration.ofMillis(50);

  private final String name;
  private final String codecId;
  private final CodecRegistry registry;
  private final ChannelConfig defaultChannel;
  private final String channelStateStore;
  private final String sink;
  private final int maxRecordBytes;
  private final Adaptation adaptationWiring;
  private final AvroSerde<TxPacket> packets = SemSerdes.txPacket();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, ChannelState> channelStates;
  private RecordOutput output;
  private Codec codec;
  private StreamAdaptation adaptation;
  private WaitingFrames waiting;
  private OutcomeSensors sensors;
  private final AvroSerde<Frame> frames = SemSerdes.frame();

  private FrameEncoder(String name, String codecId, CodecRegistry registry, ChannelConfig defaultChannel,
      String channelStateStore, String sink, int maxRecordBytes, Adaptation adaptationWiring) {
    this.name = name;
    this.codecId = codecId;
    this.registry = registry;
    this.defaultChannel = defaultChannel;
    this.channelStateStore = channelStateStore;
    this.sink = sink;
    this.maxRecordBytes = maxRecordBytes;
    this.adaptationWiring = adaptationWiring;
  }

  /** @param adaptation null: no online adaptation */
  public static ProcessorSupplier<String, Received<Frame>, Object, Object> supplier(String name, String codecId,
      CodecRegistry registry, ChannelConfig defaultChannel, String channelStateStore, String sink, int maxRecordBytes,
      Adaptation adaptation) {
    return () -> new FrameEncoder(name, codecId, registry, defaultChannel, channelStateStore, sink, maxRecordBytes,
        adaptation);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.channelStates = context.getStateStore(channelStateStore);
    this.output = new RecordOutput(context, name, maxRecordBytes);
    this.sensors = new OutcomeSensors(context, name);
    try {
      this.codec = registry.create(codecId);
    } catch (RuntimeException e) {
      throw new ProcessorStartupException("the transmitter cannot create codec " + codecId + ": " + e.getMessage(), e);
    }
    if (adaptationWiring != null && AdaptationWorker.adapts(codec)) {
      TransmitterModels models = new TransmitterModels(context.getStateStore(adaptationWiring.versionStore()),
          context.getStateStore(adaptationWiring.parameterStore()));
      AdaptationGroups groups = new AdaptationGroups(adaptationWiring.settings().groupFrames(), maxRecordBytes,
          context.getStateStore(adaptationWiring.groupStore()), context.getStateStore(adaptationWiring.groupFrameStore()));
      adaptation = new StreamAdaptation(adaptationWiring.worker(), adaptationWiring.settings(), codecId, models,
          groups, output, new StreamAdaptation.Sinks(adaptationWiring.deltaSink(), adaptationWiring.checkpointSink()), sensors);
      waiting = new WaitingFrames(context.getStateStore(adaptationWiring.waitingStore()),
          context.getStateStore(adaptationWiring.waitingLinkStore()));
      context.schedule(WAITING_CHECK, org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME,
          now -> waiting.streams().forEach(this::sendWaiting));
    } else if (adaptationWiring != null) {
      log.warn("online adaptation is on but codec {} has no decoder a mirror can adapt; its packets stay at"
          + " model version 0", codecId);
    }
  }

  @Override
  public void process(Record<String, Received<Frame>> record) {
    String streamId = record.key();
    if (waiting != null && (waiting.any(streamId) || !adaptation.readyFor(streamId))) {
      // Behind the frame that waits for the stream's adaptation job, in order.
      waiting.add(streamId, record.value().origin(), channelStates.get(streamId));
      sendWaiting(streamId);
      // Only a job still running when its frames have piled up past the bound is given up.
      if (waiting.count(streamId) > adaptationWiring.settings().maxWaitingFrames()) {
        adaptation.abandon(streamId, waiting.count(streamId));
        sendWaiting(streamId);
      }
      return;
    }
    send(streamId, record.value().value(), record.value().origin(), record.timestamp(),
        ChannelStateWriter.configOf(channelStates, streamId, defaultChannel));
  }

  /** Sends the stream's waiting frames, oldest first, as far as its adaptation job allows. */
  private void sendWaiting(String streamId) {
    while (adaptation.readyFor(streamId)) {
      KeyValue<String, Origin> next = waiting.oldest(streamId);
      if (next == null) {
        return;
      }
      ChannelState link = waiting.linkOf(next.key);
      waiting.remove(next);
      Origin origin = next.value;
      // The reader accepted these bytes when they arrived; they decode the same way now. The link is the one
      // the frame arrived under, not whatever channel-state records came in while it waited.
      send(streamId, frames.fromBytes(origin.value()), origin, Math.max(0L, origin.timestamp()),
          link == null ? defaultChannel : ChannelConfig.from(link));
    }
  }

  private void send(String streamId, Frame frame, Origin origin, long timestamp, ChannelConfig link) {
    RgbImage image;
    try {
      image = FrameImages.decode(frame);
    } catch (RejectedRecordException e) {
      output.deadLetter(origin, e.getMessage());
      return;
    }
    TxPacket packet;
    long started = System.nanoTime();
    try {
      packet = codec.encode(new SourceFrame(frame.getStreamId(), frame.getSeq(), frame.getCaptureTimestamp(), image),
          LinkConditions.of(link));
    } catch (NonFiniteOutputException e) {
      // Nothing non-finite becomes symbols: the frame goes to dead-letter, counted apart from bad input.
      sensors.record("non-finite-frames");
      output.deadLetter(origin, "codec " + codecId + " cannot encode frame " + frame.getSeq() + ": " + e.getMessage());
      return;
    } catch (CodecException | IllegalArgumentException e) {
      // IllegalArgumentException too: a codec that validates its input with it is rejecting this
      // frame, and letting it escape would stop the stream on the same frame over and over.
      output.deadLetter(origin, "codec " + codecId + " cannot encode frame " + frame.getSeq() + ": " + e.getMessage());
      return;
    }
    sensors.meters().encoded(codecId, System.nanoTime() - started);
    if (adaptation != null) {
      packet.setModelVersion(adaptation.versionFor(streamId, frame.getSeq(), timestamp, origin));
    }
    packet.setTxTimestamp(context.currentSystemTimeMs());
    boolean sent = output.emit(sink, streamId, packets.toBytes(packet), timestamp, origin, "TxPacket");
    if (adaptation != null && sent) {
      adaptation.collect(streamId, image, link.snrDb());
    }
  }

  @Override
  public void close() {
    if (adaptation != null) {
      adaptation.close();
    }
    if (codec != null) {
      codec.close();
    }
  }
}
