package io.semstream.topology.rx;

import io.semstream.codecs.api.AdaptiveDecoder;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.MsSsim;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.Frame;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.records.FrameImages;
import io.semstream.topology.records.Origin;
import io.semstream.topology.records.Received;
import io.semstream.topology.records.RecordOutput;
import io.semstream.topology.records.RejectedRecordException;
import io.semstream.topology.sensors.OutcomeSensors;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver: decodes packets in seq order per stream, keeping the model-version protocol of
 * DESIGN §6.
 *
 * <p>Packets and model updates come through one processor because both move the same state: an
 * update releases packets held for its version, and its channel uses are charged to the next
 * reconstruction. Once a stream holds a packet, every later packet of the stream queues behind it,
 * so reconstructions leave in the order the packets came.
 *
 * <p>An update applies only to a codec that is an {@link AdaptiveDecoder}: it moves the stream's
 * parameter vector ({@link DecoderParameters}) and its version together, and every packet of the
 * stream is decoded with the vector of the version the stream is at. What an update does or why it is
 * refused is {@link ModelUpdateApplier}'s to say.
 */
public final class PacketDecoder implements Processor<String, Received<?>, Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(PacketDecoder.class);

  /** Where and how the decoder writes; names of sibling nodes and stores. */
  public record Wiring(String name, String decoderStateStore, String decoderParametersStore,
      String decoderHistoryStore, String heldPacketsStore, String referenceStore, String reconstructionsSink, String metricsNode) {}

  private final Wiring wiring;
  private final CodecRegistry registry;
  private final int holdBound;
  private final int referenceWindow;
  private final boolean computeMsSsim;
  private final int maxRecordBytes;
  private final AvroSerde<RxPacket> packetSerde = SemSerdes.rxPacket();
  private final AvroSerde<Frame> frameSerde = SemSerdes.frame();
  private final AvroSerde<Reconstruction> reconstructionSerde = SemSerdes.reconstruction();
  private final Map<String, Codec> codecs = new HashMap<>();
  private final Map<String, RgbImage> lastGood = new HashMap<>();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, DecoderState> states;
  private DecoderParameters parameters;
  private HeldPackets held;
  private ReferenceFrames references;
  private RecordOutput output;
  private OutcomeSensors sensors;

  private PacketDecoder(Wiring wiring, CodecRegistry registry, int holdBound, int referenceWindow,
      boolean computeMsSsim, int maxRecordBytes) {
    this.wiring = wiring;
    this.registry = registry;
    this.holdBound = holdBound;
    this.referenceWindow = referenceWindow;
    this.computeMsSsim = computeMsSsim;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** @param wiring its {@code referenceStore} is null when the receiver keeps no reference frames */
  public static ProcessorSupplier<String, Received<?>, Object, Object> supplier(Wiring wiring, CodecRegistry registry,
      int holdBound, int referenceWindow, boolean computeMsSsim, int maxRecordBytes) {
    return () -> new PacketDecoder(wiring, registry, holdBound, referenceWindow, computeMsSsim, maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.states = context.getStateStore(wiring.decoderStateStore());
    this.parameters = new DecoderParameters(context.getStateStore(wiring.decoderParametersStore()),
        context.getStateStore(wiring.decoderHistoryStore()));
    this.held = new HeldPackets(context.getStateStore(wiring.heldPacketsStore()));
    this.references = wiring.referenceStore() == null ? null
        : new ReferenceFrames(context.getStateStore(wiring.referenceStore()), referenceWindow);
    this.output = new RecordOutput(context, wiring.name(), maxRecordBytes);
    this.sensors = new OutcomeSensors(context, wiring.name());
  }

  @Override
  public void process(Record<String, Received<?>> record) {
    Object value = record.value().value();
    Origin origin = record.value().origin();
    if (value instanceof RxPacket packet) {
      onPacket(record.key(), packet, origin);
    } else if (value instanceof ModelDelta update) {
      onModelUpdate(record.key(), update, origin);
    } else {
      throw new IllegalStateException("decoder wired to an input of type " + value.getClass().getName());
    }
  }

  private void onPacket(String streamId, RxPacket packet, Origin origin) {
    if (!registry.contains(packet.getCodecId())) {
      output.deadLetter(origin, unknownCodec("packet", packet.getCodecId()));
      return;
    }
    if (packet.getSeq() < 0) {
      output.deadLetter(origin, "packet seq must be >= 0, got " + packet.getSeq());
      return;
    }
    DecoderState state = state(streamId);
    if (state.heldPackets() == 0 && packet.getModelVersion() <= state.version()) {
      decode(streamId, packet, origin, false);
      return;
    }
    held.add(streamId, packet.getSeq(), origin);
    states.put(streamId, state.withHeld(state.heldPackets() + 1));
    releaseOverflow(streamId);
  }

  private void onModelUpdate(String streamId, ModelDelta update, Origin origin) {
    if (!registry.contains(update.getCodecId())) {
      output.deadLetter(origin, unknownCodec("model update", update.getCodecId()));
      return;
    }
    if (update.getChannelUses() < 0) {
      output.deadLetter(origin, "model update costs " + update.getChannelUses() + " channel uses; must be >= 0");
      return;
    }
    DecoderState known = states.get(streamId);
    ModelUpdateApplier.Outcome outcome = ModelUpdateApplier.apply(streamId, update, known,
        parameters.of(streamId), codec(update.getCodecId()));
    if (outcome instanceof ModelUpdateApplier.Rejected rejected) {
      sensors.meters().deltaRefused("receiver-rejected");
      output.deadLetter(origin, rejected.reason());
      return;
    }
    if (outcome instanceof ModelUpdateApplier.Applied applied) {
      // Both stores' changelog records go out in this task's transaction (exactly_once_v2), so a
      // successor never restores a version without its parameters or the reverse.
      parameters.put(streamId, update.getNewVersion(), applied.parameters());
      DecoderState state = known == null ? DecoderState.INITIAL : known;
      states.put(streamId, state.withUpdate(update.getNewVersion(), update.getChannelUses()));
      sensors.meters().deltaApplied();
      releaseReady(streamId);
    }
  }

  /** Decodes held packets from the oldest while the receiver has the version they need. */
  private void releaseReady(String streamId) {
    while (true) {
      Optional<KeyValue<String, Origin>> head = held.oldest(streamId);
      if (head.isEmpty()) {
        return;
      }
      RxPacket packet = packetSerde.fromBytes(head.get().value.value());
      if (packet.getModelVersion() > state(streamId).version()) {
        return;
      }
      release(streamId, head.get(), packet, false);
    }
  }

  /** Past the bound the oldest held packet is decoded with the version there is, flagged stale. */
  private void releaseOverflow(String streamId) {
    while (state(streamId).heldPackets() > holdBound) {
      Optional<KeyValue<String, Origin>> head = held.oldest(streamId);
      if (head.isEmpty()) {
        // The count and the store disagree; trust the store.
        states.put(streamId, state(streamId).withHeld(0));
        return;
      }
      RxPacket packet = packetSerde.fromBytes(head.get().value.value());
      release(streamId, head.get(), packet, packet.getModelVersion() > state(streamId).version());
    }
    releaseReady(streamId);
  }

  private void release(String streamId, KeyValue<String, Origin> entry, RxPacket packet, boolean stale) {
    held.remove(entry.key);
    DecoderState state = state(streamId);
    states.put(streamId, state.withHeld(Math.max(0, state.heldPackets() - 1)));
    decode(streamId, packet, entry.value, stale);
  }

  private void decode(String streamId, RxPacket packet, Origin origin, boolean stale) {
    String codecId = packet.getCodecId();
    // The original's PNG decodes on a helper thread while the codec decodes here.
    CompletableFuture<RgbImage> reference = reference(streamId, packet.getSeq());
    RgbImage image;
    long version = state(streamId).version();
    boolean lost = false;
    boolean nonFinite = false;
    long started = System.nanoTime();
    try {
      Decoded decoded = decodeAtNamedVersion(streamId, codec(codecId), packet);
      image = decoded.image();
      version = decoded.version();
      stale |= decoded.version() != packet.getModelVersion();
      lastGood.put(streamId, image);
    } catch (FrameLostException e) {
      // A well-formed packet whose frame did not survive the channel: conceal, count, go on.
      image = concealment(streamId, packet);
      lost = true;
    } catch (NonFiniteOutputException e) {
      // The decoder failed on a packet it could read: never a picture of clamped NaN. Conceal and flag
      // it, so the stream and its metrics show the fault instead of a plausible black frame.
      log.error("stream {} packet {}: {}; concealed", streamId, packet.getSeq(), e.getMessage());
      sensors.record("non-finite-frames");
      image = concealment(streamId, packet);
      lost = true;
      nonFinite = true;
    } catch (CodecException | IllegalArgumentException e) {
      output.deadLetter(origin, "codec " + codecId + " cannot decode packet " + packet.getSeq() + ": " + e.getMessage());
      return;
    }
    if (image.width() != packet.getWidth() || image.height() != packet.getHeight()) {
      output.deadLetter(origin, "codec " + codecId + " decoded a " + image.width() + "x" + image.height()
          + " picture from a packet for " + packet.getWidth() + "x" + packet.getHeight());
      return;
    }
    sensors.meters().decoded(codecId, System.nanoTime() - started);
    DecoderState state = state(streamId);
    Reconstruction reconstruction = reconstruction(packet, image, reference.join(), state, version, stale, lost);
    reconstruction.setNonFinite(nonFinite);
    sensors.meters().reconstruction(codecId, reconstruction.getPsnr(), reconstruction.getCbr(), lost);
    long timestamp = Math.max(0L, origin.timestamp());
    if (output.emit(wiring.reconstructionsSink(), streamId, reconstructionSerde.toBytes(reconstruction), timestamp,
        origin, "Reconstruction")) {
      states.put(streamId, state.charged());
      context.forward(new Record<>(streamId, reconstruction, timestamp), wiring.metricsNode());
    }
  }

  private record Decoded(RgbImage image, long version) {}

  /**
   * Decodes with the version the packet names when the receiver has it or still keeps it; otherwise (a packet
   * released past the hold bound, or older than the versions kept) with the stream's current one.
   */
  private Decoded decodeAtNamedVersion(String streamId, Codec codec, RxPacket packet) {
    long have = state(streamId).version();
    float[] values = parameters.of(streamId);
    long used = have;
    if (packet.getModelVersion() < have) {
      float[] older = parameters.at(streamId, packet.getModelVersion());
      if (older != null) {
        values = older == DecoderParameters.SHIPPED ? null : older;
        used = packet.getModelVersion();
      }
    }
    if (values != null && codec instanceof AdaptiveDecoder adaptive) {
      return new Decoded(adaptive.decode(packet, values), used);
    }
    return new Decoded(codec.decode(packet), used);
  }

  /** @param original the frame the packet was made from, or null (not kept, or of another size) */
  private Reconstruction reconstruction(RxPacket packet, RgbImage image, RgbImage original, DecoderState state,
      long version, boolean stale, boolean lost) {
    long dimension = packet.getSourceDimension() > 0 ? packet.getSourceDimension() : image.sourceDimension();
    long deltaUses = state.pendingDeltaChannelUses();
    long sideInfoUses = packet.getSideInfoBits() > 0
        ? CqiTable.channelUsesForBits(packet.getSideInfoBits(), packet.getSnrDb()) : 0;
    // The PNG and two of MS-SSIM's three channels go to helper threads while this one does the rest:
    // the receiver's thread is the pipeline's bottleneck, and a core is often idle meanwhile.
    CompletableFuture<byte[]> png = CompletableFuture.supplyAsync(() -> ImageFiles.encodePng(image),
        ReceiverHelpers.EXECUTOR);
    RgbImage reference = original != null && original.width() == image.width() && original.height() == image.height()
        ? original : null;
    Double psnr = null;
    Double msssim = null;
    if (reference != null) {
      psnr = Psnr.of(reference, image);
      if (computeMsSsim) {
        try {
          msssim = MsSsim.of(reference, image, ReceiverHelpers.EXECUTOR);
        } catch (IllegalArgumentException tooSmall) {
          msssim = null;
        }
      }
    }
    long now = context.currentSystemTimeMs();
    return Reconstruction.newBuilder()
        .setStreamId(packet.getStreamId())
        .setSeq(packet.getSeq())
        .setCaptureTimestamp(packet.getCaptureTimestamp())
        .setCodecId(packet.getCodecId())
        .setModelVersion(version)
        .setWidth(image.width())
        .setHeight(image.height())
        .setPayload(ByteBuffer.wrap(png.join()))
        .setPsnr(psnr)
        .setMsssim(msssim)
        .setCbr((packet.getChannelUses() + deltaUses) / (double) dimension)
        .setCbrSideInfo(sideInfoUses / (double) dimension)
        .setCbrDelta(deltaUses / (double) dimension)
        .setSnrDb(packet.getSnrDb())
        .setLatencyMs(now - packet.getCaptureTimestamp())
        .setStale(stale)
        .setLost(lost)
        .build();
  }

  /**
   * The original picture of this packet (null when the receiver does not have it or cannot read it): taken
   * from the store here, on the stream thread, and decoded on a helper.
   */
  private CompletableFuture<RgbImage> reference(String streamId, long seq) {
    byte[] bytes = references == null ? null : references.take(streamId, seq);
    if (bytes == null) {
      return CompletableFuture.completedFuture(null);
    }
    Frame frame;
    try {
      frame = frameSerde.fromBytes(bytes);
    } catch (org.apache.kafka.common.errors.SerializationException e) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        return FrameImages.decode(frame);
      } catch (RejectedRecordException e) {
        return null;
      }
    }, ReceiverHelpers.EXECUTOR);
  }

  /**
   * The last good picture of the stream, as a receiver would keep showing it; mid-grey when there
   * is none of the packet's size (the stream's first frame, or after this instance restarted:
   * the last picture is kept in memory, not in a changelog, since it only shapes a concealment).
   */
  private RgbImage concealment(String streamId, RxPacket packet) {
    RgbImage last = lastGood.get(streamId);
    if (last != null && last.width() == packet.getWidth() && last.height() == packet.getHeight()) {
      return last;
    }
    return RgbImage.filled(packet.getWidth(), packet.getHeight(), 128);
  }

  private Codec codec(String codecId) {
    Codec codec = codecs.get(codecId);
    if (codec == null) {
      codec = registry.create(codecId);
      codecs.put(codecId, codec);
    }
    return codec;
  }

  private DecoderState state(String streamId) {
    DecoderState state = states.get(streamId);
    return state == null ? DecoderState.INITIAL : state;
  }

  private String unknownCodec(String what, String codecId) {
    return what + " names an unknown codec '" + codecId + "'; this receiver knows: "
        + String.join(", ", registry.list().stream().map(i -> i.id()).toList());
  }

  @Override
  public void close() {
    codecs.values().forEach(Codec::close);
    codecs.clear();
  }
}
