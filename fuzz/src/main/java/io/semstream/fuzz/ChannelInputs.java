package io.semstream.fuzz;

import io.semstream.topology.Role;

/** The channel's input: transmitted packets (their symbols and side info). */
public final class ChannelInputs {
  private static final RoleUnderFuzz CHANNEL = new RoleUnderFuzz(Role.CHANNEL);

  private ChannelInputs() {}

  public static void fuzzerTestOneInput(byte[] data) {
    FuzzInput in = new FuzzInput(data);
    CHANNEL.feed(CHANNEL.topics().txSymbols(), FuzzedRecords.key(in), FuzzedRecords.txPacket(in));
  }
}
