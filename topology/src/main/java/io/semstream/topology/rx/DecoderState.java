package io.semstream.topology.rx;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A stream's decoder on the receiver side.
 *
 * @param version the model version the receiver has
 * @param pendingDeltaChannelUses channel uses of the model updates applied since the last
 *     reconstruction, charged to the next one (DESIGN §4: no bit travels for free)
 * @param heldPackets how many packets wait in the hold buffer for a newer version
 */
public record DecoderState(long version, long pendingDeltaChannelUses, int heldPackets) {
  public static final DecoderState INITIAL = new DecoderState(0, 0, 0);
  private static final int BYTES = 20;

  public DecoderState withUpdate(long newVersion, long channelUses) {
    return new DecoderState(newVersion, pendingDeltaChannelUses + channelUses, heldPackets);
  }

  public DecoderState charged() {
    return new DecoderState(version, 0, heldPackets);
  }

  public DecoderState withHeld(int held) {
    return new DecoderState(version, pendingDeltaChannelUses, held);
  }

  /** int64 version, int64 pending channel uses, int32 held packets, big-endian. */
  public static final class StoreSerde implements Serde<DecoderState> {
    @Override
    public Serializer<DecoderState> serializer() {
      return (topic, s) -> s == null ? null : ByteBuffer.allocate(BYTES)
          .putLong(s.version()).putLong(s.pendingDeltaChannelUses()).putInt(s.heldPackets()).array();
    }

    @Override
    public Deserializer<DecoderState> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        if (bytes.length != BYTES) {
          throw new SerializationException("decoder state must be " + BYTES + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new DecoderState(b.getLong(), b.getLong(), b.getInt());
      };
    }
  }
}
