package io.semstream.topology;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.delta.ModelDeltaCodec;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;

/** Packets as the channel would deliver them, for receiver tests that start at rx-symbols. */
final class TestPackets {
  static final double SNR_DB = 25;

  private TestPackets() {}

  static RxPacket rx(String streamId, long seq, RgbImage image, long modelVersion) {
    TxPacket tx;
    try (BlockAverageCodec codec = new BlockAverageCodec()) {
      tx = codec.encode(new SourceFrame(streamId, seq, TestFrames.T0 + seq * 33, image), LinkConditions.awgn(SNR_DB));
    }
    ChannelOutput out = new ChannelSimulator(1).transmit(Symbols.fromBytes(tx.getSymbols()),
        ChannelConfig.awgn(SNR_DB), streamId, seq, null);
    RxPacket rx = RxPackets.from(tx, out, ChannelConfig.awgn(SNR_DB), tx.getCaptureTimestamp());
    rx.setModelVersion(modelVersion);
    return rx;
  }

  static RxPacket rx(String streamId, long seq, int size, long modelVersion) {
    return rx(streamId, seq, TestFrames.image(size, size, seq), modelVersion);
  }

  /** A delta that leaves {@link BlockAverageCodec}'s offsets where they are. */
  static ModelDelta delta(String streamId, long base, long next, long channelUses) {
    ModelDeltaCodec.Delta unchanged = new ModelDeltaCodec().encode(new float[3], new float[3]);
    return ModelDelta.newBuilder()
        .setStreamId(streamId)
        .setCodecId(BlockAverageCodec.ID)
        .setBaseVersion(base)
        .setNewVersion(next)
        .setFirstSeq(0)
        .setStep(unchanged.step())
        .setPayload(ByteBuffer.wrap(unchanged.payload()))
        .setBits(unchanged.bits())
        .setChannelUses(channelUses)
        .build();
  }
}
