package io.semstream.codecs.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.explicit.ExplicitNetwork;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.layers.Tensors;
import io.semstream.schemas.TxPacket;
import org.junit.jupiter.api.Test;

/** The adapter trains on {@link ExplicitCodec#decoderInputs}: they must be what decode() feeds the decoder. */
class DecoderInputsTest {

  @Test
  void decoderInputsReproduceDecodeOfANoiselessPacket() {
    try (ExplicitCodec codec = ExplicitCodec.randomlyInitialised("t", 1.0 / 16, ExplicitNetwork.Config.tiny(), 9)) {
      RgbImage frame = CartoonClip.frame(3, 100, 72); // not a multiple of 64: padded, then cropped back
      TxPacket tx = codec.encode(new SourceFrame("s", 1, 0, frame), LinkConditions.awgn(10));
      ChannelConfig noiseless = ChannelConfig.awgn(Double.POSITIVE_INFINITY);
      ChannelOutput out = new ChannelSimulator(1).transmit(Symbols.fromBytes(tx.getSymbols()), noiseless, "s", 1, null);
      RgbImage decoded = codec.decode(RxPackets.from(tx, out, noiseless, 0));

      ExplicitNetwork net = codec.network();
      ParameterStore ps = new ParameterStore(codec.model().getNDManager(), false);
      try (NDManager scope = codec.model().getNDManager().newSubManager()) {
        // The receiver's SNR is the packet's: the noiseless link's +∞, which the decoder sees clamped.
        ExplicitCodec.DecoderInputs in = codec.decoderInputs(scope, codec.analyse(frame, 10), 100, 72,
            Double.POSITIVE_INFINITY);
        NDArray yHat = net.jsccDecode(ps, in.sent().mul(in.mask()), in.levelMap(), in.sigma(), in.snr(), false);
        RgbImage rebuilt = Tensors.toImage(net.synthesise(ps, yHat, in.snr(), false)).crop(0, 0, 100, 72);
        assertArrayEquals(decoded.rgb(), rebuilt.rgb());
      }
    }
  }
}
