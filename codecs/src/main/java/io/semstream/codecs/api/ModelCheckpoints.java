package io.semstream.codecs.api;

import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.serde.Bytes;
import java.nio.ByteBuffer;

/**
 * Full checkpoints: {@link ModelDelta}s with {@code full = true} whose payload is a whole parameter vector
 * ({@link ParameterVectors}), for the compacted model-checkpoints topic, so a receiver that joins late or
 * lost a delta gets back in step without the history.
 */
public final class ModelCheckpoints {
  private ModelCheckpoints() {}

  /**
   * @param version the version the vector is; a checkpoint depends on no earlier one, so it is its own base
   * @param firstSeq the first frame seq encoded with this version
   * @param channelUses what carrying it cost, charged to the stream's next reconstruction (0 when it travels
   *     outside the radio link)
   */
  public static ModelDelta of(String streamId, String codecId, long version, long firstSeq, float[] parameters,
      long channelUses) {
    byte[] payload = ParameterVectors.toBytes(parameters);
    return ModelDelta.newBuilder()
        .setStreamId(streamId)
        .setCodecId(codecId)
        .setBaseVersion(version)
        .setNewVersion(version)
        .setFirstSeq(firstSeq)
        .setStep(0f)
        .setPayload(ByteBuffer.wrap(payload))
        .setBits(8L * payload.length)
        .setChannelUses(channelUses)
        .setFull(true)
        .build();
  }

  /** The vector a checkpoint carries; throws {@link CodecException} if it is not one. */
  public static float[] parameters(ModelDelta checkpoint) {
    if (!checkpoint.getFull()) {
      throw new IllegalArgumentException("a delta, not a full checkpoint");
    }
    return ParameterVectors.fromBytes(Bytes.of(checkpoint.getPayload()));
  }
}
