package io.semstream.topology.records;

import java.io.ByteArrayInputStream;
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
 * Store form of an {@link Origin}: a record parked in a store (the receiver's hold buffer) keeps
 * its original bytes and position, so it can still be decoded, or dead-lettered with its own
 * offset, when it leaves.
 */
public final class OriginSerde implements Serde<Origin> {
  private static final byte FORMAT = 1;

  @Override
  public Serializer<Origin> serializer() {
    return (topic, origin) -> origin == null ? null : toBytes(origin);
  }

  @Override
  public Deserializer<Origin> deserializer() {
    return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
  }

  static byte[] toBytes(Origin o) {
    int size = 64 + o.topic().length() * 3 + length(o.key()) + length(o.value());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(size);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeByte(FORMAT);
      out.writeUTF(o.topic());
      out.writeInt(o.partition());
      out.writeLong(o.offset());
      out.writeLong(o.timestamp());
      writeBytes(out, o.key());
      writeBytes(out, o.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  static Origin fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new SerializationException("stored record origin has format " + format + ", expected " + FORMAT);
      }
      return new Origin(in.readUTF(), in.readInt(), in.readLong(), in.readLong(), readBytes(in), readBytes(in));
    } catch (IOException e) {
      throw new SerializationException("corrupt stored record origin: " + e.getMessage(), e);
    }
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
