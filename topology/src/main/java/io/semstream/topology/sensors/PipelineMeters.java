package io.semstream.topology.sensors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * SemStream's own meters of one application (role), in the Micrometer registry the runner was given: records
 * in and out, dead letters by reason, encode and decode time, PSNR, CBR and NMSE histograms, model deltas sent,
 * refused and applied. Every meter carries the application id, so the roles of one JVM stay apart.
 *
 * <p>The registry travels to the processors in the Streams configuration ({@link #CONFIG_KEY}): processors are
 * made by suppliers deep in the topology builders, and every one of them already sees its application's
 * configuration. Without a registry there (a topology test, a caller that wants none) the meters record into
 * a registry with no backend, which keeps nothing.
 */
public final class PipelineMeters {
  /** The Streams configuration entry that carries the {@link MeterRegistry} to the processors. */
  public static final String CONFIG_KEY = "semstream.meter.registry";
  private static final MeterRegistry NOWHERE = new CompositeMeterRegistry();
  private static final Pattern NUMBERS = Pattern.compile("-?[0-9][0-9.,eE+x-]*");
  private static final int REASON_CHARS = 60;
  private static final double[] PSNR_BUCKETS = {10, 15, 20, 22, 24, 26, 28, 30, 32, 34, 36, 40, 45, 50};
  private static final double[] CBR_BUCKETS = {1 / 384.0, 1 / 192.0, 1 / 96.0, 1 / 48.0, 1 / 32.0, 1 / 24.0,
      1 / 16.0, 1 / 12.0, 1 / 8.0, 1 / 4.0, 1 / 2.0, 1};
  /** NMSE as a ratio (Prometheus buckets are positive; -30 dB is 0.001). */
  private static final double[] NMSE_BUCKETS = {1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3};

  private final MeterRegistry registry;
  private final String application;
  /** Meters by name and tags: found once, then recorded into on every record without building an id again. */
  private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

  private PipelineMeters(MeterRegistry registry, String application) {
    this.registry = registry;
    this.application = application;
  }

  /** The meters of the processor's application, in the registry its configuration carries (or nowhere). */
  public static PipelineMeters of(ProcessorContext<?, ?> context) {
    return of(context.appConfigs(), context.applicationId());
  }

  static PipelineMeters of(Map<String, Object> appConfigs, String applicationId) {
    Object registry = appConfigs.get(CONFIG_KEY);
    return new PipelineMeters(registry instanceof MeterRegistry r ? r : NOWHERE, applicationId);
  }

  /** Puts {@code registry} into Streams settings, where {@link #of(ProcessorContext)} finds it. */
  public static void addTo(Properties streamsSettings, MeterRegistry registry) {
    streamsSettings.put(CONFIG_KEY, registry);
  }

  /** One record read from {@code topic}, readable or not. */
  public void recordIn(String topic) {
    counter("semstream.records.in", "Records read from a topic, readable or not", "topic", topic).increment();
  }

  /** One record handed to the sink {@code sink}. */
  public void recordOut(String sink) {
    counter("semstream.records.out", "Records written by a sink", "sink", sink).increment();
  }

  /** One dead letter; the reason is reduced to its wording, without the numbers that differ per record. */
  public void deadLetter(String processor, String reason) {
    counter("semstream.dead.letters", "Records sent to dead-letter, by processor and reason", "processor", processor,
        "reason", reasonKind(reason)).increment();
  }

  public void encoded(String codec, long nanos) {
    timer("semstream.encode", "Time to encode one frame or window", codec).record(Duration.ofNanos(nanos));
  }

  public void decoded(String codec, long nanos) {
    timer("semstream.decode", "Time to decode one packet", codec).record(Duration.ofNanos(nanos));
  }

  /** A reconstruction's figures: PSNR (null without a reference), CBR, and whether the frame was lost. */
  public void reconstruction(String codec, Double psnrDb, double cbr, boolean lost) {
    if (psnrDb != null && Double.isFinite(psnrDb)) {
      summary("semstream.psnr", "PSNR of reconstructions against their originals", "dB", codec, PSNR_BUCKETS)
          .record(psnrDb);
    }
    summary("semstream.cbr", "Channel uses per source dimension, data + side info + deltas", null, codec, CBR_BUCKETS)
        .record(cbr);
    if (lost) {
      counter("semstream.frames.lost", "Frames or windows concealed at the receiver", "codec", codec).increment();
    }
  }

  /** A telemetry window's figures: NMSE in dB (null when not scored), CBR, and whether it was lost. */
  public void telemetryWindow(String codec, Double nmseDb, double cbr, boolean lost) {
    if (nmseDb != null && Double.isFinite(nmseDb)) {
      summary("semstream.nmse", "NMSE of telemetry reconstructions, as a ratio", null, codec, NMSE_BUCKETS)
          .record(Math.pow(10, nmseDb / 10));
    }
    summary("semstream.cbr", "Channel uses per source dimension, data + side info + deltas", null, codec, CBR_BUCKETS)
        .record(cbr);
    if (lost) {
      counter("semstream.frames.lost", "Frames or windows concealed at the receiver", "codec", codec).increment();
    }
  }

  public void deltaSent() {
    counter("semstream.deltas.sent", "Model deltas the transmitter published").increment();
  }

  public void deltaRefused(String reason) {
    counter("semstream.deltas.refused", "Model deltas not sent or not applied, by reason", "reason", reason)
        .increment();
  }

  public void deltaApplied() {
    counter("semstream.deltas.applied", "Model deltas the receiver applied").increment();
  }

  /** A bounded label for a free-text reason: numbers become N, the text stops at its first colon or bracket. */
  static String reasonKind(String reason) {
    if (reason == null || reason.isBlank()) {
      return "unknown";
    }
    String s = NUMBERS.matcher(reason).replaceAll("N");
    int cut = s.length();
    for (char c : new char[] {':', '(', ';'}) {
      int i = s.indexOf(c);
      if (i > 0 && i < cut) {
        cut = i;
      }
    }
    s = s.substring(0, Math.min(cut, REASON_CHARS)).trim();
    return s.isEmpty() ? "unknown" : s;
  }

  private Counter counter(String name, String help, String... tags) {
    return (Counter) meter(name, tags, () -> Counter.builder(name).description(help).tag("application", application)
        .tags(tags).register(registry));
  }

  private Timer timer(String name, String help, String codec) {
    return (Timer) meter(name, new String[] {"codec", codec}, () -> Timer.builder(name).description(help)
        .tag("application", application).tag("codec", codec).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry));
  }

  private DistributionSummary summary(String name, String help, String unit, String codec, double[] buckets) {
    return (DistributionSummary) meter(name, new String[] {"codec", codec}, () -> DistributionSummary.builder(name)
        .description(help).baseUnit(unit).tag("application", application).tag("codec", codec)
        .serviceLevelObjectives(buckets).register(registry));
  }

  private Meter meter(String name, String[] tags, Supplier<Meter> register) {
    List<String> key = new ArrayList<>(tags.length + 1);
    key.add(name);
    key.addAll(Arrays.asList(tags));
    return meters.computeIfAbsent(key, k -> register.get());
  }
}
