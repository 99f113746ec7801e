package io.semstream.topology;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The three Kafka Streams applications of a pipeline; each has its own {@code application.id}. */
public enum Role {
  TX("tx"),
  CHANNEL("channel"),
  RX("rx");

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The name used on the command line and in {@code application.id} ({@code semstream-<id>}). */
  public String id() {
    return id;
  }

  public static Role parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Role r : values()) {
      if (r.id.equals(n)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + name + "'; accepted: tx, channel, rx, all");
  }

  /** {@code "all"} or a comma-separated list such as {@code "tx,channel"}. */
  public static Set<Role> parseList(String names) {
    if (names != null && names.trim().equalsIgnoreCase("all")) {
      return EnumSet.allOf(Role.class);
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String n : (names == null ? "" : names).split(",")) {
      roles.add(parse(n));
    }
    return roles;
  }
}
