package io.semstream.topology.records;

/** A parsed input record with its origin, as readers hand it to the next processor. */
public record Received<T>(T value, Origin origin) {}
