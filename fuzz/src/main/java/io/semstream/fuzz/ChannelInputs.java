package io.semstream.fuzz;

import io.semstream.topology.Role;

/** The channel's input: transmitted packets (their symbols and side info). */
public final class ChannelInputs {
  private static final RoleUnderFuzz CHANNEL = new RoleUnderFuzz(Role.CHANNEL);

  private ChannelInputs() {}

  /** Jazzer calls this once before fuzzing: the topology, its stores and the codecs start outside the per-input timeout. */
  public static void fuzzerInitialize() {
    fuzzerTestOneInput(new byte[0]);
  }

  public static void fuzzerTestOneInput(byte[] data) {
    FuzzInput in = new FuzzInput(data);
    CHANNEL.feed(CHANNEL.topics().txSymbols(), FuzzedRecords.key(in), FuzzedRecords.txPacket(in));
  }
}
