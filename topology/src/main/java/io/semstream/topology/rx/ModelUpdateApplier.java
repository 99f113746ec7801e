package io.semstream.topology.rx;

import io.semstream.codecs.api.AdaptiveDecoder;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.ModelCheckpoints;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.serde.Bytes;

/**
 * What a model update does to one stream's decoder (DESIGN §6): the parameter vector it leads to, or why it
 * is not applied. It writes nothing, so the caller can store the vector and the version in one processing
 * step, and a refused update leaves the stream exactly as it was.
 */
final class ModelUpdateApplier {

  sealed interface Outcome permits Applied, Ignored, Rejected {}

  /** The stream moves to the update's new version with these parameters. */
  record Applied(float[] parameters) implements Outcome {}

  /**
   * A checkpoint the stream is already past (replayed from the compacted topic), or a delta to a version it has
   * already reached (its checkpoint, on the other topic, was read first): nothing to do or report.
   */
  record Ignored() implements Outcome {}

  /** Goes to dead-letter with the reason; the stream keeps its version and parameters. */
  record Rejected(String reason) implements Outcome {}

  private ModelUpdateApplier() {}

  /**
   * @param known the stream's state, null if this receiver has seen nothing of the stream
   * @param current the stream's stored vector, null while it is at the codec's base values
   * @param codec the codec the update names
   */
  static Outcome apply(String streamId, ModelDelta update, DecoderState known, float[] current, Codec codec) {
    String kind = update.getFull() ? "checkpoint" : "delta";
    if (!(codec instanceof AdaptiveDecoder adaptive)) {
      return new Rejected("model " + kind + " for codec '" + codec.id()
          + "', whose decoder has no adaptable parameters; not applied");
    }
    return update.getFull() ? checkpoint(streamId, update, known, adaptive)
        : delta(streamId, update, known, current, adaptive);
  }

  private static long version(DecoderState known) {
    return known == null ? DecoderState.INITIAL.version() : known.version();
  }

  private static Outcome checkpoint(String streamId, ModelDelta update, DecoderState known, AdaptiveDecoder codec) {
    if (update.getNewVersion() <= version(known)) {
      return new Ignored();
    }
    String what = "model checkpoint to version " + update.getNewVersion() + " for stream '" + streamId + "'";
    String cut = sizeMismatch(update);
    if (cut != null) {
      return new Rejected(what + " not applied: " + cut);
    }
    float[] parameters;
    try {
      parameters = ModelCheckpoints.parameters(update);
    } catch (CodecException e) {
      return new Rejected(what + " is unreadable: " + e.getMessage() + "; not applied");
    }
    int expected = codec.baseParameters().length;
    if (parameters.length != expected) {
      return new Rejected(what + " carries " + parameters.length + " parameters; codec '" + codec.id()
          + "' adapts " + expected + "; not applied");
    }
    return new Applied(parameters);
  }

  private static Outcome delta(String streamId, ModelDelta update, DecoderState known, float[] current,
      AdaptiveDecoder codec) {
    String what = "model delta " + update.getBaseVersion() + " -> " + update.getNewVersion();
    if (known != null && update.getNewVersion() > update.getBaseVersion()
        && update.getNewVersion() <= known.version()) {
      // Already reached: the checkpoint of that version (another topic) was read first. Nothing to learn from it.
      return new Ignored();
    }
    if (update.getBaseVersion() != version(known)) {
      String where = known == null
          ? ", unknown to this receiver (no packet, delta or checkpoint of it seen yet)"
          : "";
      return new Rejected(what + " does not apply: stream '" + streamId + "' is at version " + version(known)
          + where + "; not applied, the receiver waits for the next checkpoint");
    }
    if (update.getNewVersion() <= update.getBaseVersion()) {
      return new Rejected(what + " does not move the version forward");
    }
    String cut = sizeMismatch(update);
    if (cut != null) {
      return new Rejected(what + " for stream '" + streamId + "' not applied: " + cut);
    }
    try {
      float[] base = current != null ? current : codec.baseParameters();
      return new Applied(codec.applyDelta(Bytes.of(update.getPayload()), base));
    } catch (CodecException e) {
      return new Rejected(what + " for stream '" + streamId + "' not applied: " + e.getMessage());
    }
  }

  /**
   * Why the payload is not the size the record declares, or null. The delta payload's range-coded stream
   * reads missing bytes as zeros and cannot tell a cut-off tail from a run of unchanged parameters, so the
   * record's bit count is what catches a payload truncated on the way.
   */
  private static String sizeMismatch(ModelDelta update) {
    int bytes = update.getPayload().remaining();
    long bits = update.getBits();
    if (bits >= 0 && (bits + 7) / 8 == bytes) {
      return null;
    }
    return "its payload is " + bytes + " bytes but the record declares " + bits
        + " bits; truncated or padded on the way";
  }
}
