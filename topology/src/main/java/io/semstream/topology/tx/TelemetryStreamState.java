package io.semstream.topology.tx;

import io.semstream.codecs.telemetry.StreamProfile;
import java.nio.ByteBuffer;

/**
 * What the transmitter remembers of a telemetry stream: its profile (fixed from the first window), its
 * channel count and a hash of their names in order, and the last window's seq and start, against which the
 * next one is checked.
 */
record TelemetryStreamState(int channels, int namesHash, long lastSeq, long lastStart, byte[] profile) {

  StreamProfile streamProfile() {
    return StreamProfile.fromBytes(ByteBuffer.wrap(profile));
  }

  TelemetryStreamState next(long seq, long start) {
    return new TelemetryStreamState(channels, namesHash, seq, start, profile);
  }

  byte[] toBytes() {
    return ByteBuffer.allocate(4 + 4 + 8 + 8 + profile.length).putInt(channels).putInt(namesHash).putLong(lastSeq)
        .putLong(lastStart)
        .put(profile).array();
  }

  static TelemetryStreamState fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int channels = b.getInt(), namesHash = b.getInt();
    long seq = b.getLong(), start = b.getLong();
    byte[] profile = new byte[b.remaining()];
    b.get(profile);
    return new TelemetryStreamState(channels, namesHash, seq, start, profile);
  }
}
