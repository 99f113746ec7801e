package io.semstream.codecs.telemetry;

/** Which window of which stream a packet carries. */
public record TelemetryWindowMeta(String streamId, long seq, long startTimestamp) {}
