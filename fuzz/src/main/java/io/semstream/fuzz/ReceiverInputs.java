package io.semstream.fuzz;

import io.semstream.topology.Role;

/** The receiver's inputs: received packets, model deltas, model checkpoints and reference frames. */
public final class ReceiverInputs {
  private static final RoleUnderFuzz RX = new RoleUnderFuzz(Role.RX);

  private ReceiverInputs() {}

  /** Jazzer calls this once before fuzzing: the topology, its stores and the codecs start outside the per-input timeout. */
  public static void fuzzerInitialize() {
    fuzzerTestOneInput(new byte[0]);
  }

  public static void fuzzerTestOneInput(byte[] data) {
    FuzzInput in = new FuzzInput(data);
    String key = FuzzedRecords.key(in);
    switch (in.nextInt(0, 3)) {
      case 0 -> RX.feed(RX.topics().rxSymbols(), key, FuzzedRecords.rxPacket(in));
      case 1 -> RX.feed(RX.topics().modelDeltas(), key, FuzzedRecords.modelDelta(in));
      case 2 -> RX.feed(RX.topics().modelCheckpoints(), key, FuzzedRecords.modelDelta(in));
      default -> RX.feed(RX.topics().frames(), key, FuzzedRecords.frame(in));
    }
  }
}
