package io.semstream.cli;

import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.hybrid.DecoderMirror;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.topology.tx.AdaptationSettings;
import java.io.PrintStream;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The online adaptation flags shared by {@code run} and {@code demo}. */
final class AdaptationOptions {

  @Option(names = "--adapt-every", paramLabel = "N", defaultValue = "0",
      description = "Adapt each stream's decoder online after every N frames (explicit codecs only); 0 = off.")
  int every;

  @Option(names = "--adapt-steps", paramLabel = "K",
      description = "Fine-tuning steps per adaptation group (default: the online adapter's, 60).")
  Integer steps;

  @Option(names = "--adapt-lag", paramLabel = "L", description = "A delta goes out with the frame L frames after"
      + " its group's last one, 1 to N, whatever the worker's speed (the stream's frames wait for a worker that is late), so"
      + " a replay or a restarted transmitter announces each version with the same frame (default: N).")
  Integer lag;

  @Option(names = "--max-delta-share", paramLabel = "SHARE", description = "The most a model delta may take of "
      + "its group's channel uses plus its own, a fraction; a larger one is quantised more coarsely or not sent "
      + "(default: the online adapter's, 0.05).")
  Double maxDeltaShare;

  /** The settings these flags ask for; throws before anything starts if a value is out of range. */
  AdaptationSettings settings() {
    if (every < 0) {
      throw new IllegalArgumentException(
          "--adapt-every must be 0 (off) or a positive number of frames per adaptation group, got " + every);
    }
    if (steps != null && steps < 1) {
      throw new IllegalArgumentException("--adapt-steps must be at least 1 fine-tuning step, got " + steps);
    }
    if (maxDeltaShare != null) {
      requireDeltaShare(maxDeltaShare);
    }
    if (lag != null && every > 0 && (lag < 1 || lag > every)) {
      throw new IllegalArgumentException("--adapt-lag must be between 1 and --adapt-every (" + every + ") frames, got "
          + lag);
    }
    AdaptationSettings s = AdaptationSettings.every(every);
    s = lag == null || every == 0 ? s : s.withLag(lag);
    s = steps == null ? s : s.withSteps(steps);
    return maxDeltaShare == null ? s : s.withMaxDeltaShare(maxDeltaShare);
  }

  /** The check behind {@code --max-delta-share} wherever it is taken (here and {@code eval --adapt}). */
  static void requireDeltaShare(double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("--max-delta-share must be a fraction in [0, 1], got " + share);
    }
  }

  /**
   * One line on {@code err} when the flags cannot do what they say: the transmitter would only log it,
   * and a user who asked for adaptation should not have to read the log to learn that nothing adapted.
   */
  void warnIfIneffective(String codecId, PrintStream err) {
    if (every == 0) {
      if (steps != null) {
        err.println("warning: --adapt-steps has no effect without --adapt-every N (N > 0)");
      }
      if (maxDeltaShare != null) {
        err.println("warning: --max-delta-share has no effect without --adapt-every N (N > 0)");
      }
      if (lag != null) {
        err.println("warning: --adapt-lag has no effect without --adapt-every N (N > 0)");
      }
      return;
    }
    CodecRegistry registry = CodecRegistry.standard();
    if (!adaptive(registry.info(codecId))) {
      String explicit = registry.list().stream().filter(AdaptationOptions::adaptive).map(CodecInfo::id)
          .collect(Collectors.joining(", "));
      err.println("warning: --adapt-every applies only to explicit codecs (" + explicit + "); " + codecId
          + " keeps model version 0");
    }
  }

  /** Mirrors the transmitter's test (only the explicit decoder has a mirror that can be fine-tuned). */
  private static boolean adaptive(CodecInfo info) {
    return DecoderMirror.adapts(info);
  }
}
