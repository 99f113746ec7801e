package io.semstream.topology;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The topic names of one pipeline (DESIGN §1). A common prefix lets several pipelines (runs of an
 * experiment, users) share one cluster without seeing each other's records; it is prepended
 * verbatim, so a user writes {@code "run7."} or {@code "alice-"}.
 */
public record Topics(String prefix) {

  /** Kafka's own rule for topic names. */
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public Topics {
    Objects.requireNonNull(prefix, "prefix");
    String probe = prefix + "telemetry-reconstructions";
    if (!LEGAL.matcher(probe).matches()) {
      throw new IllegalArgumentException("topic prefix '" + prefix
          + "' would make illegal topic names: Kafka allows only letters, digits, '.', '_' and '-'"
          + " and at most 249 characters");
    }
  }

  public static Topics defaults() {
    return new Topics("");
  }

  public static Topics withPrefix(String prefix) {
    return new Topics(prefix == null ? "" : prefix);
  }

  public String frames() { return prefix + "frames"; }
  public String telemetry() { return prefix + "telemetry"; }
  public String channelState() { return prefix + "channel-state"; }
  public String txSymbols() { return prefix + "tx-symbols"; }
  public String rxSymbols() { return prefix + "rx-symbols"; }
  public String modelDeltas() { return prefix + "model-deltas"; }
  /** Compacted: the latest full decoder checkpoint per stream, for receivers that join late (DESIGN §6). */
  public String modelCheckpoints() { return prefix + "model-checkpoints"; }
  public String reconstructions() { return prefix + "reconstructions"; }
  public String telemetryReconstructions() { return prefix + "telemetry-reconstructions"; }
  public String metrics() { return prefix + "metrics"; }
  public String deadLetter() { return prefix + "dead-letter"; }

  /** Every topic of the pipeline, in the order of the DESIGN §1 diagram. */
  public List<String> all() {
    return List.of(frames(), telemetry(), channelState(), txSymbols(), rxSymbols(), modelDeltas(),
        modelCheckpoints(), reconstructions(), telemetryReconstructions(), metrics(), deadLetter());
  }
}
