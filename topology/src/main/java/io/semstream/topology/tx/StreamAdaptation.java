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
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frame encoder's side of online adaptation: hands full groups to the {@link AdaptationWorker} and
 * publishes what comes back. Runs on the stream thread and never waits for the worker: a finished job is
 * picked up by the stream's next frame, which is the first one stamped with the new version.
 *
 * <p>The delta, the optional checkpoint and the stores' new version are written in that frame's
 * processing step, so under exactly-once they commit together or not at all.
 */
final class StreamAdaptation {
  /** Where the records of a new version go. */
  record Sinks(String deltas, String checkpoints) {}

  private static final Logger log = LoggerFactory.getLogger(StreamAdaptation.class);

  private final AdaptationWorker worker;
  private final int checkpointEvery;
  private final String codecId;
  private final TransmitterModels models;
  private final RecordOutput output;
  private final Sinks sinks;
  private final PendingGroups pending;
  private final OutcomeSensors sensors;
  private final AvroSerde<ModelDelta> records = SemSerdes.modelDelta();

  StreamAdaptation(AdaptationWorker worker, AdaptationSettings settings, String codecId, TransmitterModels models,
      RecordOutput output, Sinks sinks, OutcomeSensors sensors) {
    this.worker = worker;
    this.sensors = sensors;
    this.checkpointEvery = settings.checkpointEvery();
    this.codecId = codecId;
    this.models = models;
    this.output = output;
    this.sinks = sinks;
    this.pending = new PendingGroups(settings.groupFrames());
    worker.attach();
  }

  /**
   * The version frame {@code seq} of the stream is to name, after publishing the stream's finished
   * adaptation, if it produced a delta.
   */
  long versionFor(String streamId, long seq, long timestamp, Origin origin) {
    CompletableFuture<AdaptationWorker.Done> finished = pending.takeFinished(streamId);
    if (finished != null) {
      AdaptationWorker.Done done = outcome(streamId, finished);
      if (done != null && done.result().sent()) {
        publish(streamId, done, seq, timestamp, origin);
      } else if (done != null) {
        refused(streamId, done.result());
      }
    }
    return models.version(streamId);
  }

  /** Gathers the frame; a full group goes to the worker at once. */
  void collect(String streamId, RgbImage image, double snrDb) {
    List<RgbImage> group = pending.add(streamId, image);
    if (group != null) {
      AdaptationWorker.Job job = new AdaptationWorker.Job(streamId, codecId, models.version(streamId),
          models.parameters(streamId), group, snrDb);
      pending.started(streamId, worker.submit(job));
    }
  }

  void close() {
    pending.clear();
    worker.detach();
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
