package io.semstream.codecs.hybrid;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.explicit.ExplicitModel;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.schemas.TxPacket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: measures online adaptation of the trained explicit network on a cartoon clip (8 frames of
 * 256×256, CBR 1/16, AWGN 10 dB) and prints the figures. Runs only when weights are given:
 * {@code mvn -o -pl codecs test -Dtest=OnlineAdaptationMeasurement -Dsemstream.explicit.weights=FILE}
 * (optionally {@code -Dsemstream.adapt.steps=K -Dsemstream.adapt.lr=LR}).
 */
@EnabledIfSystemProperty(named = ExplicitModel.WEIGHTS_PROPERTY, matches = ".+")
class OnlineAdaptationMeasurement {
  private static final double SNR = 10;

  @Test
  void measure() {
    List<RgbImage> clip = CartoonClip.frames(8, 256, 256);
    try (ExplicitCodec c16 = new ExplicitCodec("explicit-c16", 1.0 / 16, ExplicitModel.load());
         ExplicitCodec c8 = new ExplicitCodec("explicit-c8", 1.0 / 8, ExplicitModel.load())) {
      // The codec's own slope, which the default λ assumes to be 3 dB per doubling of the CBR.
      double p16 = meanPsnr(c16, clip), p8 = meanPsnr(c8, clip);
      System.out.printf("codec on the clip through the channel: %.2f dB at CBR 1/16, %.2f dB at 1/8%n", p16, p8);
      OnlineAdapter.Options o = OnlineAdapter.Options.defaults()
          .withSteps(Integer.getInteger("semstream.adapt.steps", 20))
          .withLearningRate(Float.parseFloat(System.getProperty("semstream.adapt.lr", "1e-3")));
      OnlineAdapter adapter = new OnlineAdapter(c16, AdaptableParameters.decoderDefaults(c16.network()), o, 0);
      for (int round = 1; round <= 2; round++) {
        long t0 = System.nanoTime();
        OnlineAdapter.Result r = adapter.adapt(clip, SNR);
        System.out.printf("round %d (%.0f s): subset %d values, sent %s, PSNR %.2f -> %.2f dB, loss %.5f -> %.5f,"
                + " delta %d nonzero, %d bits, %d channel uses (%.1f %% of %d + delta), lambda %.2f uses/unit D,"
                + " lambda*dD %.0f%n",
            round, (System.nanoTime() - t0) / 1e9, adapter.subset().size(), r.sent(), r.psnrBefore(), r.psnrAfter(),
            r.firstLoss(), r.lastLoss(), r.delta().nonzero(), r.delta().bits(), r.deltaChannelUses(),
            100 * r.deltaShare(), r.frameChannelUses(), r.lambda(),
            r.lambda() * (r.distortionBefore() - r.distortionAfter()));
        System.out.printf("  the adapted codec's own decode path on the clip: %.2f dB (mean of frame PSNRs)%n",
            meanPsnr(c16, clip));
      }
    }
  }

  private static double meanPsnr(ExplicitCodec codec, List<RgbImage> clip) {
    ChannelConfig link = ChannelConfig.awgn(SNR);
    ChannelSimulator channel = new ChannelSimulator(1);
    double sum = 0;
    for (int i = 0; i < clip.size(); i++) {
      TxPacket tx = codec.encode(new SourceFrame("clip", i, 0, clip.get(i)), LinkConditions.awgn(SNR));
      ChannelOutput out = channel.transmit(Symbols.fromBytes(tx.getSymbols()), link, "clip", i, null);
      sum += Psnr.of(clip.get(i), codec.decode(RxPackets.from(tx, out, link, 0)));
    }
    return sum / clip.size();
  }
}
