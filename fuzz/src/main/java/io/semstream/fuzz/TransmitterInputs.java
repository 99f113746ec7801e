package io.semstream.fuzz;

import io.semstream.topology.Role;

/** The transmitter's inputs: frames (Avro, then RAW/PNG/JPEG payloads) and telemetry windows. */
public final class TransmitterInputs {
  private static final RoleUnderFuzz TX = new RoleUnderFuzz(Role.TX);

  private TransmitterInputs() {}

  /** Jazzer calls this once before fuzzing: the topology, its stores and the codecs start outside the per-input timeout. */
  public static void fuzzerInitialize() {
    fuzzerTestOneInput(new byte[0]);
  }

  public static void fuzzerTestOneInput(byte[] data) {
    FuzzInput in = new FuzzInput(data);
    String key = FuzzedRecords.key(in);
    if (in.nextBoolean()) {
      TX.feed(TX.topics().frames(), key, FuzzedRecords.frame(in));
    } else {
      TX.feed(TX.topics().telemetry(), key, FuzzedRecords.telemetry(in));
    }
  }
}
