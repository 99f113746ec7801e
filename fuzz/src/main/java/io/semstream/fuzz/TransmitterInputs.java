package io.semstream.fuzz;

import io.semstream.topology.Role;

/** The transmitter's inputs: frames (Avro, then RAW/PNG/JPEG payloads) and telemetry windows. */
public final class TransmitterInputs {
  private static final RoleUnderFuzz TX = new RoleUnderFuzz(Role.TX);

  private TransmitterInputs() {}

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
