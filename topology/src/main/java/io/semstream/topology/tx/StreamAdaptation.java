package io.semstream.topology.tx;

import io.semstream.codecs.hybrid.OnlineAdapter;
import io.semstream.topology.sensors.OutcomeSensors;

import io.semstream.codecs.api.ModelCheckpoints;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.records.Origin;
import io.semstream.topology.records.RecordOutput;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frame encoder's side of online adaptation: hands full groups to the {@link AdaptationWorker} and
 * publishes what comes back with the frame the schedule names ({@link AdaptationSettings#lagFrames()} after
 * the group); if the worker has not finished by then, that frame and the stream's later ones wait
 * ({@link WaitingFrames}) until it has. Which frame announces a version
 * therefore depends on the stream alone, and the groups and the schedule are in logged stores
 * ({@link AdaptationGroups}), so a transmitter that takes a stream over resubmits the group its predecessor
 * had at the worker and sends the same delta with the same frame.
 *
 * <p>The delta, the optional checkpoint and the stores' new version are written in that frame's
 * processing step, so under exactly-once they commit together or not at all.
 */
final class StreamAdaptation {
  /** Where the records of a new version go. */
  record Sinks(String deltas, String checkpoints) {}

  private static final Logger log = LoggerFactory.getLogger(StreamAdaptation.class);

  private final AdaptationWorker worker;
  private final int lag;
  private final int checkpointEvery;
  private final String codecId;
  private final TransmitterModels models;
  private final AdaptationGroups groups;
  private final RecordOutput output;
  private final Sinks sinks;
  private final OutcomeSensors sensors;
  private final AvroSerde<ModelDelta> records = SemSerdes.modelDelta();
  /** Jobs this instance submitted, per stream, with the first ordinal of their group. */
  private final Map<String, InFlight> inFlight = new HashMap<>();

  private record InFlight(long groupStart, CompletableFuture<AdaptationWorker.Done> job) {}

  StreamAdaptation(AdaptationWorker worker, AdaptationSettings settings, String codecId, TransmitterModels models,
      AdaptationGroups groups, RecordOutput output, Sinks sinks, OutcomeSensors sensors) {
    this.worker = worker;
    this.sensors = sensors;
    this.lag = settings.lagFrames();
    this.checkpointEvery = settings.checkpointEvery();
    this.codecId = codecId;
    this.models = models;
    this.groups = groups;
    this.output = output;
    this.sinks = sinks;
    worker.attach();
  }

  /**
   * The version frame {@code seq} of the stream is to name, after publishing the outcome of the stream's
   * pending group if this frame is the one the schedule names for it.
   */
  long versionFor(String streamId, long seq, long timestamp, Origin origin) {
    GroupState state = groups.state(streamId);
    if (state.pending()) {
      if (state.next() >= state.pendingDue()) {
        settle(streamId, state, seq, timestamp, origin);
      } else {
        // A successor's first frame of the stream: the group its predecessor had at the worker goes again now,
        // so that it is likely done when due.
        jobFor(streamId, state);
      }
    }
    return models.version(streamId);
  }

  /**
   * Whether the stream's next frame can be sent now: false while it is the frame due to announce a group's
   * outcome and the worker is not done with it (the job is submitted again if this instance has none).
   */
  boolean readyFor(String streamId) {
    GroupState state = groups.state(streamId);
    if (!state.pending() || state.next() < state.pendingDue()) {
      return true;
    }
    return jobFor(streamId, state).isDone();
  }

  /**
   * Gives up the stream's pending job (too many frames wait for it): its group's adaptation is lost, the
   * stream keeps its version, and the next group starts from it (with the head start an earlier refusal
   * left, if any). Written to the stores in this processing
   * step, so a successor sees the same. Nothing to do if no job is pending.
   */
  void abandon(String streamId, int waitingFrames) {
    GroupState state = groups.state(streamId);
    if (!state.pending()) {
      return;
    }
    InFlight f = inFlight.remove(streamId);
    if (f != null) {
      f.job().cancel(false);
    }
    sensors.record("adaptation-abandoned");
    log.warn("stream {}: {} frames wait for the adaptation of the group from frame ordinal {}; abandoned, frames keep"
        + " version {}", streamId, waitingFrames, state.pendingStart(), models.version(streamId));
    groups.deleteFrames(streamId, state.pendingStart(), state.pendingStart() + groups.groupFrames());
    // An earlier refusal's tuned values stay the next attempt's start: this job never answered.
    groups.save(streamId, state.settled(state.headStartVersion(), state.headStart()));
  }

  /** Gathers a frame that was sent; a full group goes to the worker at once. */
  void collect(String streamId, RgbImage image, double snrDb) {
    if (!groups.fits(image)) {
      return;
    }
    GroupState state = groups.state(streamId);
    if (state.gathered() > 0 && (state.width() != image.width() || state.height() != image.height())) {
      groups.deleteFrames(streamId, state.groupStart(), state.next());
      state = state.restarted();
    }
    groups.putFrame(streamId, state.next(), image);
    state = state.withFrame(image.width(), image.height());
    if (state.gathered() >= groups.groupFrames()) {
      if (state.pending()) {
        throw new IllegalStateException("stream " + streamId + ": a group is complete while the previous one is"
            + " still pending (lag beyond the group size)");
      }
      state = state.submitted(lag, snrDb);
      groups.save(streamId, state);
      jobFor(streamId, state);
    } else {
      groups.save(streamId, state);
    }
  }

  void close() {
    inFlight.values().forEach(f -> f.job().cancel(false));
    inFlight.clear();
    worker.detach();
  }

  /** The pending group's job: the one this instance submitted, or a new one from the stored frames. */
  private CompletableFuture<AdaptationWorker.Done> jobFor(String streamId, GroupState state) {
    InFlight f = inFlight.get(streamId);
    if (f != null && f.groupStart() == state.pendingStart()) {
      return f.job();
    }
    long version = models.version(streamId);
    AdaptationWorker.Job job = new AdaptationWorker.Job(streamId, codecId, version, models.parameters(streamId),
        groups.group(streamId, state.pendingStart()), state.pendingSnrDb(), state.headStartFor(version));
    CompletableFuture<AdaptationWorker.Done> future = worker.submit(job);
    inFlight.put(streamId, new InFlight(state.pendingStart(), future));
    return future;
  }

  private void settle(String streamId, GroupState state, long seq, long timestamp, Origin origin) {
    CompletableFuture<AdaptationWorker.Done> job = jobFor(streamId, state);
    inFlight.remove(streamId);
    AdaptationWorker.Done done = outcome(streamId, job);
    float[] carried = null;
    if (done != null && done.result().sent()) {
      publish(streamId, done, seq, timestamp, origin);
    } else if (done != null) {
      refused(streamId, done.result());
      carried = done.result().carried();
    }
    groups.deleteFrames(streamId, state.pendingStart(), state.pendingStart() + groups.groupFrames());
    groups.save(streamId, state.settled(done == null ? -1 : done.job().baseVersion(), carried));
  }

  private static AdaptationWorker.Done outcome(String streamId, CompletableFuture<AdaptationWorker.Done> job) {
    try {
      return job.join();
    } catch (CompletionException | CancellationException e) {
      // A group the adapter cannot use costs that group's adaptation, never the stream.
      log.warn("adaptation of stream {} failed; frames keep the current version", streamId, e);
      return null;
    }
  }

  /** A group that sent nothing: counted by reason; a diverged fine-tuning is worth a warning. */
  private void refused(String streamId, OnlineAdapter.Result result) {
    String reason = result.refusal().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    sensors.record("delta-refused-" + reason);
    sensors.meters().deltaRefused(reason);
    if (result.refusal() == OnlineAdapter.Refusal.DIVERGED) {
      log.warn("stream {}: adaptation on version {} diverged ({}); the decoder keeps its version", streamId,
          result.baseVersion(), result.detail());
    } else {
      log.debug("stream {}: delta on version {} refused: {}", streamId, result.baseVersion(), result.detail());
    }
  }

  private void publish(String streamId, AdaptationWorker.Done done, long seq, long timestamp, Origin origin) {
    long current = models.version(streamId);
    if (done.result().baseVersion() != current) {
      // Trained from a version this transmitter has since left (a restore behind the job's back).
      log.info("dropping delta {} -> {} of stream {}: the stream is at version {}", done.result().baseVersion(),
          done.result().newVersion(), streamId, current);
      return;
    }
    ModelDelta delta = done.result().toRecord(streamId, codecId, seq);
    if (!output.emit(sinks.deltas(), streamId, records.toBytes(delta), timestamp, origin, "ModelDelta")) {
      return;
    }
    long version = done.result().newVersion();
    models.advance(streamId, version, done.parameters());
    sensors.record("delta-sent");
    sensors.meters().deltaSent();
    log.debug("stream {}: model version {} from frame {}, {} channel uses", streamId, version, seq,
        delta.getChannelUses());
    if (version % checkpointEvery == 0) {
      // No channel uses: checkpoints reach late receivers outside the radio link; a receiver in step
      // ignores them, having applied the delta, so nothing is paid twice.
      ModelDelta checkpoint = ModelCheckpoints.of(streamId, codecId, version, seq, done.parameters(), 0);
      output.emit(sinks.checkpoints(), streamId, records.toBytes(checkpoint), timestamp, origin, "model checkpoint");
    }
  }
}
