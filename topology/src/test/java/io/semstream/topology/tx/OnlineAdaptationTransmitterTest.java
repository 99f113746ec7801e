package io.semstream.topology.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.ModelCheckpoints;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.Topics;
import io.semstream.topology.TransmitterTopology;
import io.semstream.topology.sensors.OutcomeSensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transmitter's online adaptation, with the worker run synchronously. */
class OnlineAdaptationTransmitterTest {
  static final int GROUP = 4;
  /** A λ so high that any improvement is worth its channel uses: the delta travels with the next frame. */
  static final AdaptationSettings SENDS = AdaptationSettings.every(GROUP).withLag(1).withSteps(8).withLearningRate(1e-2f)
      .withLambda(1e9).withCheckpointEvery(1).withMaxDeltaShare(1);

  @TempDir Path state;

  @Test
  void aSentDeltaMovesTheStreamToVersionOneFromTheNextFrameOn() {
    try (TransmitterDriver tx = new TransmitterDriver(SENDS, state);
         ExplicitCodec receiverSide = TinyAdaptiveCodec.create()) {
      tx.frames("cam", 0, 2 * GROUP);

      List<ModelDelta> deltas = tx.deltas();
      assertEquals(1, deltas.size(), "the first group's delta; the second group's waits for the next frame");
      ModelDelta delta = deltas.get(0);
      assertEquals("cam", delta.getStreamId());
      assertEquals(TinyAdaptiveCodec.ID, delta.getCodecId());
      assertEquals(0, delta.getBaseVersion());
      assertEquals(1, delta.getNewVersion());
      assertFalse(delta.getFull());
      assertEquals(GROUP, delta.getFirstSeq(), "the first frame after the group is the first stamped");
      assertTrue(delta.getChannelUses() > 0, "a delta is paid for");

      List<TxPacket> packets = tx.packets();
      assertEquals(2 * GROUP, packets.size());
      for (TxPacket p : packets) {
        assertEquals(p.getSeq() < GROUP ? 0 : 1, p.getModelVersion(), "packet " + p.getSeq());
      }

      assertEquals(1L, tx.versions().get("cam"));
      float[] stored = tx.parameters().get("cam");
      float[] rebuilt = receiverSide.applyDelta(Bytes.of(delta.getPayload()), receiverSide.baseParameters());
      assertArrayEquals(rebuilt, stored, "the transmitter holds, bit for bit, what the receiver rebuilds");
      assertFalse(java.util.Arrays.equals(receiverSide.baseParameters(), stored), "the delta changed something");
      assertTrue(tx.versionChangelogKeys().contains("cam"), "the version reaches the changelog");

      List<ModelDelta> checkpoints = tx.checkpoints();
      assertEquals(1, checkpoints.size(), "checkpointEvery 1");
      assertTrue(checkpoints.get(0).getFull());
      assertEquals(1, checkpoints.get(0).getNewVersion());
      assertArrayEquals(stored, ModelCheckpoints.parameters(checkpoints.get(0)));
    }
  }

  @Test
  void theNextDeltaStartsFromTheVersionTheStreamIsAt() {
    try (TransmitterDriver tx = new TransmitterDriver(SENDS.withCheckpointEvery(2), state)) {
      tx.frames("cam", 0, 2 * GROUP + 1);

      List<ModelDelta> deltas = tx.deltas();
      assertEquals(2, deltas.size());
      assertEquals(1, deltas.get(1).getBaseVersion());
      assertEquals(2, deltas.get(1).getNewVersion());
      assertEquals(2 * GROUP, deltas.get(1).getFirstSeq());
      assertEquals(2, tx.packets().get(2 * GROUP).getModelVersion());
      List<ModelDelta> checkpoints = tx.checkpoints();
      assertEquals(1, checkpoints.size(), "one checkpoint per 2 deltas");
      assertEquals(2, checkpoints.get(0).getNewVersion());
    }
  }

  @Test
  void aRefusedDeltaEmitsNothingAndTheStreamStaysAtVersionZero() {
    // λ = 1e-9: no saving in distortion is worth any channel use.
    try (TransmitterDriver tx = new TransmitterDriver(SENDS.withLambda(1e-9), state)) {
      tx.frames("cam", 0, 2 * GROUP + 1);

      assertTrue(tx.deltas().isEmpty());
      assertTrue(tx.checkpoints().isEmpty());
      assertTrue(tx.packets().stream().allMatch(p -> p.getModelVersion() == 0));
      assertNull(tx.versions().get("cam"));
      assertNull(tx.parameters().get("cam"));
    }
  }

  @Test
  void aDivergedFineTuningIsARefusalCountedInTheMetricsAndTheStreamGoesOn() {
    // A learning rate no fine-tuning survives.
    try (TransmitterDriver tx = new TransmitterDriver(SENDS.withLearningRate(1e30f), state)) {
      tx.frames("cam", 0, 2 * GROUP + 1);

      assertEquals(2 * GROUP + 1, tx.packets().size(), "every frame was sent");
      assertTrue(tx.deltas().isEmpty());
      assertTrue(tx.packets().stream().allMatch(p -> p.getModelVersion() == 0));
      double diverged = tx.driver.metrics().entrySet().stream()
          .filter(e -> e.getKey().group().equals(OutcomeSensors.GROUP)
              && e.getKey().name().equals("delta-refused-diverged-total"))
          .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
      assertEquals(2.0, diverged, "both finished groups refused as diverged");
    }
  }

  @Test
  void streamsAdaptApart() {
    try (TransmitterDriver tx = new TransmitterDriver(SENDS, state)) {
      tx.frames("a", 0, GROUP + 1);
      tx.frames("b", 0, GROUP - 1);

      assertEquals(List.of("a"), tx.deltas().stream().map(d -> d.getStreamId().toString()).toList());
      assertEquals(1L, tx.versions().get("a"));
      assertNull(tx.versions().get("b"), "b has not filled a group yet");
    }
  }

  @Test
  void aSuccessorTakingTheStreamOverAtAnyFrameSendsTheSameDeltasWithTheSameFrames() {
    AdaptationSettings lagged = SENDS.withLag(2);
    int frames = 3 * GROUP + 3;
    List<String> whole;
    List<Long> wholeVersions;
    try (TransmitterDriver tx = new TransmitterDriver(lagged, state.resolve("whole"))) {
      tx.frames("cam", 0, frames);
      whole = described(tx.deltas());
      wholeVersions = tx.packets().stream().map(TxPacket::getModelVersion).toList();
    }
    // Groups of 4 from frame 0, each delta 2 frames after its group: with frames 5, 9 and 13.
    assertEquals(List.of(5L, 9L, 13L), whole.stream().map(d -> Long.parseLong(d.split(" ")[0])).toList(), whole.toString());

    // Taken over mid-group, with the group at the worker, on the frame due to announce it, and later.
    for (int cut : new int[] {3, 4, 5, 9}) {
      List<ModelDelta> deltas = new ArrayList<>();
      List<Long> versions = new ArrayList<>();
      try (TransmitterDriver first = new TransmitterDriver(lagged, state.resolve("first-" + cut))) {
        first.frames("cam", 0, cut);
        deltas.addAll(first.deltas());
        first.packets().forEach(p -> versions.add(p.getModelVersion()));
        try (TransmitterDriver successor = first.successor(state.resolve("successor-" + cut))) {
          successor.frames("cam", cut, frames);
          deltas.addAll(successor.deltas());
          successor.packets().forEach(p -> versions.add(p.getModelVersion()));
        }
      }
      assertEquals(whole, described(deltas), "taken over at frame " + cut);
      assertEquals(wholeVersions, versions, "taken over at frame " + cut);
    }
  }

  @Test
  void aRefusedAttemptsHeadStartIsInTheStoresSoASuccessorTunesFromIt() {
    AdaptationSettings refuses = SENDS.withLambda(1e-9);
    float[] whole;
    try (TransmitterDriver tx = new TransmitterDriver(refuses, state.resolve("whole"))) {
      tx.frames("cam", 0, 2 * GROUP + 1);
      whole = tx.groupState("cam").headStart();
    }
    float[] afterFirst;
    float[] takenOver;
    try (TransmitterDriver first = new TransmitterDriver(refuses, state.resolve("first"))) {
      first.frames("cam", 0, GROUP + 1);
      afterFirst = first.groupState("cam").headStart();
      try (TransmitterDriver successor = first.successor(state.resolve("successor"))) {
        successor.frames("cam", GROUP + 1, 2 * GROUP + 1);
        takenOver = successor.groupState("cam").headStart();
      }
    }
    assertTrue(afterFirst != null, "the first refusal lowered the distortion and left its tuned values");
    // The second attempt (on the successor) tuned from them: it ends where the uninterrupted one does.
    assertArrayEquals(whole, takenOver);
  }

  @Test
  void framesWaitForALateWorkerInsteadOfTheStreamThreadAndGoOutInOrderWithTheSameDeltas() {
    List<String> whole;
    List<Long> wholeVersions;
    try (TransmitterDriver tx = new TransmitterDriver(SENDS, state.resolve("sync"))) {
      tx.frames("cam", 0, 2 * GROUP + 2);
      whole = described(tx.deltas());
      wholeVersions = tx.packets().stream().map(TxPacket::getModelVersion).toList();
    }
    ManualWorker worker = new ManualWorker();
    try (TransmitterDriver tx = new TransmitterDriver(SENDS, state.resolve("late"), worker)) {
      tx.frames("cam", 0, GROUP + 2);
      tx.wait(200);
      List<TxPacket> packets = new ArrayList<>(tx.packets());
      List<ModelDelta> deltas = new ArrayList<>(tx.deltas());
      assertEquals(GROUP, packets.size(), "the frame due to announce the job waits, and the one after it");
      assertTrue(deltas.isEmpty());
      worker.runAll();
      tx.wait(100);
      tx.frames("cam", GROUP + 2, 2 * GROUP + 2);
      worker.runAll();
      tx.wait(100);
      // The second group's job is due with frame 2G: a successor takes the stream over while it waits.
      try (TransmitterDriver successor = tx.successor(state.resolve("successor"))) {
        packets.addAll(tx.packets());
        deltas.addAll(tx.deltas());
        worker.runAll();
        successor.wait(100);
        worker.runAll();
        successor.wait(100);
        packets.addAll(successor.packets());
        deltas.addAll(successor.deltas());
      }
      assertEquals(whole, described(deltas));
      assertEquals(wholeVersions, packets.stream().map(TxPacket::getModelVersion).toList());
      assertEquals(LongStream.range(0, 2 * GROUP + 2).boxed().toList(), packets.stream().map(TxPacket::getSeq).toList(),
          "in order, each frame once");
    }
  }

  /**
   * A worker that falls behind for good: at most {@code maxWaitingFrames} frames wait for its job; the next
   * one gives the job up, and every frame goes out, in order, at the version the stream is at. The next
   * group is adapted as usual, and the abandoned job finishing late changes nothing.
   */
  @Test
  void aWorkerSlowerThanItsStreamCostsAGroupsAdaptationNotUnboundedWaiting() {
    ManualWorker worker = new ManualWorker();
    try (TransmitterDriver tx = new TransmitterDriver(SENDS.withMaxWaitingFrames(3), state, worker)) {
      tx.frames("cam", 0, GROUP + 3);
      List<TxPacket> packets = new ArrayList<>(tx.packets());
      assertEquals(GROUP, packets.size(), "the due frame and two more wait: three are allowed");
      tx.frames("cam", GROUP + 3, GROUP + 4);
      packets.addAll(tx.packets());
      assertEquals(LongStream.range(0, GROUP + 4).boxed().toList(), packets.stream().map(TxPacket::getSeq).toList(),
          "the fourth frame gave the job up: all out, in order, each once");
      assertTrue(packets.stream().allMatch(p -> p.getModelVersion() == 0), "at the version the stream was at");
      assertEquals(1.0, abandoned(tx), 0.0);

      // The frames sent after it are the next group; its job is done in time and its delta goes out.
      worker.runAll();
      tx.wait(100);
      tx.frames("cam", GROUP + 4, GROUP + 5);
      List<ModelDelta> deltas = tx.deltas();
      assertEquals(1, deltas.size(), "only the second group's delta: the abandoned job's result is dropped");
      assertEquals(0, deltas.get(0).getBaseVersion());
      assertEquals(GROUP + 4, deltas.get(0).getFirstSeq());
      assertEquals(1, tx.packets().get(0).getModelVersion());
    }
  }

  /** A job that finished while its frames waited is not given up, whatever their number. */
  @Test
  void aJobThatFinishedBeforeTheBoundIsCheckedIsNotGivenUp() {
    ManualWorker worker = new ManualWorker();
    try (TransmitterDriver tx = new TransmitterDriver(SENDS.withMaxWaitingFrames(3), state, worker)) {
      tx.frames("cam", 0, GROUP + 3);
      worker.runAll(); // done, but no punctuation has sent the waiting frames yet
      tx.frames("cam", GROUP + 3, GROUP + 4);
      List<TxPacket> packets = tx.packets();
      assertEquals(LongStream.range(0, GROUP + 4).boxed().toList(), packets.stream().map(TxPacket::getSeq).toList());
      assertEquals(1, tx.deltas().size(), "the finished job's delta goes out");
      assertEquals(1, packets.get(GROUP).getModelVersion());
      assertEquals(0.0, abandoned(tx), 0.0);
    }
  }

  private static double abandoned(TransmitterDriver tx) {
    return tx.driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("adaptation-abandoned-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
  }

  @Test
  void aWaitingFrameIsSentOverTheLinkItArrivedUnder() {
    ManualWorker worker = new ManualWorker();
    try (TransmitterDriver tx = new TransmitterDriver(SENDS, state, worker)) {
      tx.link("cam", 4.0, 0);
      tx.frames("cam", 0, GROUP + 2);
      // Frames GROUP and GROUP + 1 wait for the job; the link changes while they do.
      tx.link("cam", 16.0, GROUP + 2);
      tx.frames("cam", GROUP + 2, GROUP + 3);
      worker.runAll();
      tx.wait(100);
      List<TxPacket> packets = tx.packets();
      assertEquals(GROUP + 3, packets.size());
      for (TxPacket p : packets) {
        assertEquals(p.getSeq() < GROUP + 2 ? 4.0 : 16.0, p.getSnrDb(), "frame " + p.getSeq());
      }
    }
  }

  /** Runs adaptation jobs only when told, like a worker that is slower than the stream. */
  private static final class ManualWorker implements java.util.concurrent.Executor {
    private final java.util.ArrayDeque<Runnable> jobs = new java.util.ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable job) {
      jobs.add(job);
    }

    void runAll() {
      while (true) {
        Runnable job;
        synchronized (this) {
          job = jobs.poll();
        }
        if (job == null) {
          return;
        }
        job.run();
      }
    }
  }

  @Test
  void aTransmitterRestartedWithAnotherGroupSizeStartsTheStreamsGroupsOver() {
    try (TransmitterDriver first = new TransmitterDriver(SENDS, state.resolve("first"))) {
      first.frames("cam", 0, GROUP - 1);
      assertEquals(GROUP - 1, first.groupState("cam").gathered());
      try (TransmitterDriver wider = first.successorWith(SENDS.withLag(1).withGroup(GROUP + 2),
          state.resolve("wider"))) {
        wider.frames("cam", GROUP - 1, GROUP - 1 + GROUP + 2 + 1);
        // The frames gathered under the old size are dropped: the first group of GROUP + 2 starts after them.
        List<ModelDelta> deltas = wider.deltas();
        assertEquals(1, deltas.size());
        assertEquals(GROUP - 1 + GROUP + 2, deltas.get(0).getFirstSeq());
      }
    }
  }

  private static List<String> described(List<ModelDelta> deltas) {
    return deltas.stream().map(d -> d.getFirstSeq() + " " + d.getBaseVersion() + "->" + d.getNewVersion() + " "
        + java.util.Arrays.toString(Bytes.of(d.getPayload()))).toList();
  }

  @Test
  void withAdaptationOffTheTopologyHasNoModelOutputs() {
    PipelineConfig off = PipelineConfig.builder().codecId(TinyAdaptiveCodec.ID).build();
    assertEquals(AdaptationSettings.OFF, off.adaptation(), "off by default");
    String described = TransmitterTopology.build(Topics.defaults(), off, TinyAdaptiveCodec.registry()).describe()
        .toString();
    assertFalse(described.contains(TransmitterTopology.MODEL_DELTAS_SINK), described);
    assertFalse(described.contains(TransmitterTopology.MODEL_VERSIONS_STORE), described);

    String on = TransmitterTopology.build(Topics.defaults(), off.toBuilder().adaptation(SENDS).build(),
        TinyAdaptiveCodec.registry()).describe().toString();
    assertTrue(on.contains(TransmitterTopology.MODEL_DELTAS_SINK), on);
    assertTrue(on.contains(TransmitterTopology.MODEL_CHECKPOINTS_SINK), on);
  }
}
