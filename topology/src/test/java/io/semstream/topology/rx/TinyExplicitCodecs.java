package io.semstream.topology.rx;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.explicit.AdaptableParameters;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.explicit.ExplicitNetwork;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * A receiver's codecs for the adaptation tests: a randomly initialised tiny explicit codec (every instance
 * holds the same weights, as a transmitter's mirror and a receiver would), and a codec that cannot adapt.
 */
final class TinyExplicitCodecs {
  static final String ADAPTIVE = "explicit-tiny";
  static final String FIXED = "fixed-test";
  static final int SIZE = 64;
  static final double SNR_DB = 10;
  private static final double CBR = 1.0 / 16;
  private static final long SEED = 11;

  private TinyExplicitCodecs() {}

  static CodecRegistry registry() {
    return new CodecRegistry()
        .register(ExplicitCodec.info(ADAPTIVE, CBR), TinyExplicitCodecs::adaptive)
        .register(new CodecInfo(FIXED, "test", 1, "no adaptable decoder"), FixedCodec::new);
  }

  static ExplicitCodec adaptive() {
    return ExplicitCodec.randomlyInitialised(ADAPTIVE, CBR, ExplicitNetwork.Config.tiny(), SEED);
  }

  /** A codec whose network holds {@code parameters} in its adaptable subset, set the way the adapter does. */
  static ExplicitCodec holding(float[] parameters) {
    ExplicitCodec codec = adaptive();
    AdaptableParameters.decoderDefaults(codec.network()).write(parameters);
    return codec;
  }

  /** A frame's packet as a noiseless channel delivers it. */
  static RxPacket packet(ExplicitCodec codec, String streamId, long seq, long modelVersion) {
    TxPacket tx = codec.encode(new SourceFrame(streamId, seq, ReceiverDriver.T0 + seq, image(seq)),
        LinkConditions.awgn(SNR_DB));
    // Noiseless: the symbols arrive as sent.
    RxPacket rx = RxPackets.from(tx, new ChannelOutput(Symbols.fromBytes(tx.getSymbols()), null, SNR_DB, null),
        ChannelConfig.awgn(SNR_DB), tx.getCaptureTimestamp());
    rx.setModelVersion(modelVersion);
    return rx;
  }

  private static RgbImage image(long seq) {
    byte[] rgb = new byte[SIZE * SIZE * 3];
    for (int i = 0; i < rgb.length; i++) {
      int x = (i / 3) % SIZE, y = (i / 3) / SIZE;
      rgb[i] = (byte) ((x * 3 + y * (i % 3 + 1) + seq * 5) % 256);
    }
    return new RgbImage(SIZE, SIZE, rgb);
  }

  /** Registered so a model update can name a codec that exists but cannot adapt; never decodes anything. */
  private static final class FixedCodec implements Codec {
    @Override
    public CodecInfo info() {
      return new CodecInfo(FIXED, "test", 1, "no adaptable decoder");
    }

    @Override
    public TxPacket encode(SourceFrame frame, LinkConditions link) {
      throw new CodecException("not used");
    }

    @Override
    public RgbImage decode(RxPacket packet) {
      throw new CodecException("not used");
    }

    @Override
    public void close() {}
  }
}
