package io.semstream.topology.rx;

import io.semstream.topology.records.TelemetryWindows;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.codecs.telemetry.WindowError;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.records.Origin;
import io.semstream.topology.records.Received;
import io.semstream.topology.records.RecordOutput;
import io.semstream.topology.records.RejectedRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The telemetry receiver: decodes each packet with the codec it names and the stream profile it carries,
 * conceals a lost window by holding the stream's last values, scores it against the original window when
 * the receiver keeps them, and sends the reconstruction on (and to the link metrics). One codec per codec id
 * per processor, built on the first packet that names it.
 */
public final class TelemetryDecoder implements Processor<String, Received<RxPacket>, Object, Object> {
  /** Where the decoder reads and writes; {@code referenceStore} null when the receiver keeps no originals. */
  public record Wiring(String name, String lastStore, String referenceStore, String reconstructionsSink,
      String metrics) {}

  private final Wiring wiring;
  private final double designSnrDb;
  private final int referenceWindow;
  private final int maxRecordBytes;
  private final Map<String, TelemetryCodec> codecs = new HashMap<>();
  private final AvroSerde<TelemetryReconstruction> reconstructions = SemSerdes.telemetryReconstruction();
  private final AvroSerde<TelemetryWindow> windows = SemSerdes.telemetry();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> last;
  private ReferenceFrames references;
  private RecordOutput output;

  private TelemetryDecoder(Wiring wiring, double designSnrDb, int referenceWindow, int maxRecordBytes) {
    this.wiring = wiring;
    this.designSnrDb = designSnrDb;
    this.referenceWindow = referenceWindow;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ProcessorSupplier<String, Received<RxPacket>, Object, Object> supplier(Wiring wiring,
      double designSnrDb, int referenceWindow, int maxRecordBytes) {
    return () -> new TelemetryDecoder(wiring, designSnrDb, referenceWindow, maxRecordBytes);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.last = context.getStateStore(wiring.lastStore());
    this.references = wiring.referenceStore() == null ? null
        : new ReferenceFrames(context.getStateStore(wiring.referenceStore()), referenceWindow);
    this.output = new RecordOutput(context, wiring.name(), maxRecordBytes);
  }

  @Override
  public void process(Record<String, Received<RxPacket>> record) {
    RxPacket rx = record.value().value();
    Origin origin = record.value().origin();
    StreamProfile profile;
    TelemetryCodec codec;
    try {
      if (rx.getStreamProfile() == null || rx.getChannelNames() == null) {
        throw new IllegalArgumentException("telemetry packet " + rx.getSeq() + " carries no stream profile or "
            + "channel names");
      }
      profile = StreamProfile.fromBytes(rx.getStreamProfile());
      if (profile.channels() != rx.getHeight() || rx.getChannelNames().size() != rx.getHeight()) {
        throw new IllegalArgumentException("telemetry packet " + rx.getSeq() + " has " + rx.getHeight()
            + " channels, its profile " + profile.channels() + " and its names " + rx.getChannelNames().size());
      }
      codec = codecFor(rx.getCodecId());
    } catch (IllegalArgumentException e) {
      output.deadLetter(origin, e.getMessage());
      return;
    }
    int channels = rx.getHeight(), length = rx.getWidth();
    if (length < 1) {
      output.deadLetter(origin, "telemetry packet " + rx.getSeq() + " has " + length + " time points");
      return;
    }
    SeriesWindow decoded;
    boolean lost = false, nonFinite = false;
    long started = System.nanoTime();
    try {
      decoded = codec.decode(rx, profile);
    } catch (FrameLostException e) {
      decoded = concealment(record.key(), profile, channels, length);
      lost = true;
    } catch (NonFiniteOutputException e) {
      decoded = concealment(record.key(), profile, channels, length);
      lost = true;
      nonFinite = true;
    } catch (RuntimeException e) {
      // Whatever else a decoder throws on one packet (a corrupt gains array, say) belongs to that packet, not
      // to the stream: it goes to dead-letter and the next packet is decoded.
      output.deadLetter(origin, "codec " + rx.getCodecId() + " cannot decode window " + rx.getSeq() + ": " + e);
      return;
    }
    output.meters().decoded(rx.getCodecId(), System.nanoTime() - started);
    last.put(record.key(), lastValues(decoded));
    WindowError error = score(record.key(), rx.getSeq(), decoded);
    List<Float> samples = new ArrayList<>(decoded.samples().length);
    for (float v : decoded.samples()) {
      samples.add(v);
    }
    List<Double> maxAbs = null;
    if (error != null) {
      maxAbs = new ArrayList<>();
      for (double e : error.maxAbsError()) {
        maxAbs.add(e);
      }
    }
    long now = context.currentSystemTimeMs();
    double nmse = error == null ? Double.NaN : error.nmseDb();
    TelemetryReconstruction out = TelemetryReconstruction.newBuilder()
        .setStreamId(rx.getStreamId())
        .setSeq(rx.getSeq())
        .setStartTimestamp(rx.getCaptureTimestamp())
        .setSampleRateHz(rx.getSampleRateHz())
        .setCodecId(rx.getCodecId())
        .setChannelNames(List.copyOf(rx.getChannelNames()))
        .setSamples(samples)
        .setNmseDb(Double.isNaN(nmse) ? null : nmse)
        .setMaxAbsError(maxAbs)
        .setCbr((double) rx.getChannelUses() / rx.getSourceDimension())
        .setSnrDb(rx.getSnrDb())
        .setLatencyMs(rx.getTxTimestamp() > 0 ? now - rx.getTxTimestamp() : 0)
        .setLost(lost)
        .setNonFinite(nonFinite)
        .build();
    output.meters().telemetryWindow(rx.getCodecId(), out.getNmseDb(), out.getCbr(), lost);
    if (output.emit(wiring.reconstructionsSink(), record.key(), reconstructions.toBytes(out), record.timestamp(),
        origin, "TelemetryReconstruction")) {
      context.forward(new Record<>(record.key(), out, record.timestamp()), wiring.metrics());
    }
  }

  private TelemetryCodec codecFor(String id) {
    TelemetryCodec codec = codecs.get(id);
    if (codec == null) {
      TelemetryCodecs.Parsed parsed = TelemetryCodecs.parse(id);
      codec = TelemetryCodecs.create(parsed.family(), parsed.cbr(), designSnrDb);
      codecs.put(id, codec);
    }
    return codec;
  }

  /** The stream's last values held over the window, or the profile's location before any window arrived. */
  private SeriesWindow concealment(String streamId, StreamProfile profile, int channels, int length) {
    byte[] held = last.get(streamId);
    float[] values = new float[channels];
    if (held != null && held.length == 4 * channels) {
      ByteBuffer.wrap(held).asFloatBuffer().get(values);
    } else {
      for (int c = 0; c < channels; c++) {
        values[c] = (float) profile.location()[c];
      }
    }
    return new SeriesWindow(channels, 1, values).holdLast(length);
  }

  private static byte[] lastValues(SeriesWindow w) {
    ByteBuffer b = ByteBuffer.allocate(4 * w.channels());
    for (int c = 0; c < w.channels(); c++) {
      b.putFloat(w.get(c, w.length() - 1));
    }
    return b.array();
  }

  /** The error against the original window, or null when it is not kept or does not match in shape. */
  private WindowError score(String streamId, long seq, SeriesWindow decoded) {
    if (references == null) {
      return null;
    }
    byte[] bytes = references.take(streamId, seq);
    if (bytes == null) {
      return null;
    }
    try {
      SeriesWindow original = TelemetryWindows.of(windows.fromBytes(bytes));
      if (original.channels() != decoded.channels() || original.length() != decoded.length()) {
        return null;
      }
      return WindowError.of(original, decoded);
    } catch (RejectedRecordException | org.apache.kafka.common.errors.SerializationException e) {
      return null;
    }
  }

  @Override
  public void close() {
    codecs.values().forEach(TelemetryCodec::close);
  }
}
