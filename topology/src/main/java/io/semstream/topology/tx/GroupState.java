package io.semstream.topology.tx;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One stream's place in the adaptation schedule, as a logged store keeps it: frames are numbered by
 * {@code ordinal} in the order the transmitter sent them, a group is {@code N} consecutive ordinals, and a
 * group handed to the worker is <em>pending</em> until the frame of ordinal {@code pendingDue} carries its
 * outcome.
 *
 * @param groupFrames the group size (N) the state was written with: frames are filed by it, so a state of
 *     another N is dropped rather than read wrongly
 * @param next the ordinal the stream's next frame gets
 * @param groupStart the ordinal of the first frame of the group being gathered
 * @param width size of the gathered frames (0 before the first): a group is adapted at one size
 * @param pendingStart first ordinal of the group at the worker, or -1
 * @param pendingDue the ordinal of the frame that announces the pending group's outcome
 * @param pendingSnrDb the SNR the pending group is adapted at
 * @param headStartVersion the version {@code headStart} was tuned from, or -1
 * @param headStart the tuned values of the last refused attempt (the next attempt's start), or null
 */
record GroupState(int groupFrames, long next, long groupStart, int width, int height, long pendingStart, long pendingDue,
    double pendingSnrDb, long headStartVersion, float[] headStart) {

  private static final byte FORMAT = 2;

  static GroupState fresh(int groupFrames) {
    return new GroupState(groupFrames, 0, 0, 0, 0, -1, -1, Double.NaN, -1, null);
  }

  boolean pending() {
    return pendingStart >= 0;
  }

  /** Frames gathered for the next group. */
  long gathered() {
    return next - groupStart;
  }

  GroupState withFrame(int w, int h) {
    return new GroupState(groupFrames, next + 1, groupStart, w, h, pendingStart, pendingDue, pendingSnrDb, headStartVersion,
        headStart);
  }

  /** The gathered frames are dropped; the next group starts with the next frame. */
  GroupState restarted() {
    return new GroupState(groupFrames, next, next, 0, 0, pendingStart, pendingDue, pendingSnrDb, headStartVersion, headStart);
  }

  /** The gathered group goes to the worker; its outcome is due {@code lag} frames after its last one. */
  GroupState submitted(int lag, double snrDb) {
    return new GroupState(groupFrames, next, next, 0, 0, groupStart, next - 1 + lag, snrDb, headStartVersion, headStart);
  }

  /** The pending group's outcome is out; a refused attempt leaves its tuned values for the next. */
  GroupState settled(long version, float[] carried) {
    return new GroupState(groupFrames, next, groupStart, width, height, -1, -1, Double.NaN, carried == null ? -1 : version,
        carried);
  }

  /** The head start for an attempt from {@code version}, if the last refusal was on it. */
  float[] headStartFor(long version) {
    return headStart != null && headStartVersion == version ? headStart : null;
  }

  static final class StoreSerde implements Serde<GroupState> {
    @Override
    public Serializer<GroupState> serializer() {
      return (topic, s) -> s == null ? null : toBytes(s);
    }

    @Override
    public Deserializer<GroupState> deserializer() {
      return (topic, bytes) -> bytes == null ? null : fromBytes(topic, bytes);
    }
  }

  private static byte[] toBytes(GroupState s) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + (s.headStart == null ? 0 : 4 * s.headStart.length));
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeByte(FORMAT);
      out.writeInt(s.groupFrames);
      out.writeLong(s.next);
      out.writeLong(s.groupStart);
      out.writeInt(s.width);
      out.writeInt(s.height);
      out.writeLong(s.pendingStart);
      out.writeLong(s.pendingDue);
      out.writeDouble(s.pendingSnrDb);
      out.writeLong(s.headStartVersion);
      out.writeInt(s.headStart == null ? -1 : s.headStart.length);
      if (s.headStart != null) {
        for (float v : s.headStart) {
          out.writeFloat(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  private static GroupState fromBytes(String topic, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      if (in.readByte() != FORMAT) {
        throw new SerializationException("adaptation state in " + topic + " has an unknown format");
      }
      int groupFrames = in.readInt();
      long next = in.readLong();
      long groupStart = in.readLong();
      int width = in.readInt();
      int height = in.readInt();
      long pendingStart = in.readLong();
      long pendingDue = in.readLong();
      double snr = in.readDouble();
      long headVersion = in.readLong();
      int n = in.readInt();
      if (n < -1 || n > (bytes.length - 65) / 4) {
        throw new SerializationException("adaptation state in " + topic + " names " + n + " values in "
            + bytes.length + " bytes");
      }
      float[] head = n < 0 ? null : new float[n];
      for (int i = 0; i < n; i++) {
        head[i] = in.readFloat();
      }
      return new GroupState(groupFrames, next, groupStart, width, height, pendingStart, pendingDue, snr, headVersion,
          head);
    } catch (IOException e) {
      throw new SerializationException("adaptation state in " + topic + " is truncated", e);
    }
  }
}
