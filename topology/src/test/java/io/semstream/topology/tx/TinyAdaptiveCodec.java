package io.semstream.topology.tx;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.explicit.ExplicitNetwork;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.Frame;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;

/**
 * A randomly initialised tiny explicit codec (every instance the same weights, as the transmitter's encoder,
 * its mirror and a receiver hold), and frames for it.
 */
final class TinyAdaptiveCodec {
  static final String ID = "explicit-tiny-tx";
  static final int SIZE = 64;
  static final long T0 = 1_700_000_000_000L;
  private static final long SEED = 23;

  private TinyAdaptiveCodec() {}

  static CodecRegistry registry() {
    return new CodecRegistry().register(ExplicitCodec.info(ID, 1.0 / 16), TinyAdaptiveCodec::create);
  }

  static ExplicitCodec create() {
    return ExplicitCodec.randomlyInitialised(ID, 1.0 / 16, ExplicitNetwork.Config.tiny(), SEED);
  }

  /** A warm, slowly panning scene: far from what random weights decode, so biases have much to correct. */
  static RgbImage image(long seq) {
    byte[] rgb = new byte[SIZE * SIZE * 3];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int o = (y * SIZE + x) * 3;
        rgb[o] = (byte) (180 + (x + seq) % 40);
        rgb[o + 1] = (byte) (120 + y / 2);
        rgb[o + 2] = (byte) (40 + ((x + y + seq) / 8 % 2) * 30);
      }
    }
    return new RgbImage(SIZE, SIZE, rgb);
  }

  static Frame frame(String streamId, long seq) {
    RgbImage image = image(seq);
    return Frame.newBuilder()
        .setStreamId(streamId)
        .setSeq(seq)
        .setCaptureTimestamp(T0 + seq * 33)
        .setWidth(image.width())
        .setHeight(image.height())
        .setPixelFormat(PixelFormat.RAW_RGB8)
        .setPayload(ByteBuffer.wrap(image.rgb()))
        .build();
  }

  /** The packet as a noiseless AWGN channel delivers it. */
  static RxPacket received(TxPacket tx) {
    ChannelConfig link = ChannelConfig.awgn(tx.getSnrDb());
    return RxPackets.from(tx, new ChannelOutput(Symbols.fromBytes(tx.getSymbols()), null, tx.getSnrDb(), null),
        link, tx.getTxTimestamp());
  }
}
