package io.semstream.codecs.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every neural codec encodes and decodes bit-identically whatever the coding thread freed before: NaN
 * patterns left in freed memory before each call change nothing, at the sizes users send (256×256
 * video, 768×512 photos, and 250×190, a multiple of neither 16 nor 8).
 */
public class CodecOutputsIgnoreFreedMemoryTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (String codec : new String[] {"deepjscc-c16", "deepjscc-c48", "explicit-c16", "explicit-c48",
        "softcast-refined-c16", "softcast-refined-c48", "semantic-c96", "semantic-vq-ldpc-c96"}) {
      for (int[] size : new int[][] {{256, 256}, {768, 512}, {250, 190}}) {
        b.add(Arguments.of(codec, size[0], size[1]));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} at {1}x{2}")
  @MethodSource("cases")
  void outputsAreBitIdenticalToACleanRun(String id, int width, int height) {
    RgbImage image = scene(width, height, width * 31L + height);
    ChannelConfig channel = ChannelConfig.awgn(10);
    try (Codec codec = CodecRegistry.standard().create(id)) {
      TxPacket cleanTx = encode(codec, image);
      RxPacket rx = received(cleanTx, channel);
      RgbImage clean = codec.decode(rx);
      assertTrue(Psnr.of(image, clean) > 20, id + " decodes the scene at " + Psnr.of(image, clean) + " dB");
      for (int run = 0; run < 3; run++) {
        FreedNanMemory.leave();
        TxPacket tx = encode(codec, image);
        assertArrayEquals(Bytes.of(cleanTx.getSymbols()), Bytes.of(tx.getSymbols()), "symbols, run " + run);
        assertArrayEquals(Bytes.of(cleanTx.getSideInfo()), Bytes.of(tx.getSideInfo()), "side info, run " + run);
        FreedNanMemory.leave();
        assertArrayEquals(clean.rgb(), codec.decode(rx).rgb(), "picture, run " + run);
      }
    }
  }

  private static TxPacket encode(Codec codec, RgbImage image) {
    return codec.encode(new SourceFrame("s", 0, 0, image), LinkConditions.awgn(10));
  }

  private static RxPacket received(TxPacket tx, ChannelConfig channel) {
    ChannelOutput out = new ChannelSimulator(7).transmit(Symbols.fromBytes(tx.getSymbols()), channel, "s", 0, null);
    return RxPackets.from(tx, out, channel, 0);
  }

  /** Smooth gradients, soft blobs and fine texture: something a photo codec should carry well. */
  public static RgbImage scene(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] blobs = new double[8][];
    for (int i = 0; i < blobs.length; i++) {
      blobs[i] = new double[] {r.nextDouble() * w, r.nextDouble() * h, 8 + r.nextDouble() * w / 5,
          r.nextDouble() * 100 - 50, r.nextDouble() * 100 - 50, r.nextDouble() * 100 - 50};
    }
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double[] c = {70 + 90.0 * x / w, 100 + 60.0 * y / h, 140 - 60.0 * x / w};
        for (double[] b : blobs) {
          double g = Math.exp(-((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (b[2] * b[2]));
          c[0] += b[3] * g;
          c[1] += b[4] * g;
          c[2] += b[5] * g;
        }
        double texture = 6 * Math.sin(x * 0.7) * Math.cos(y * 0.5);
        for (int k = 0; k < 3; k++) {
          rgb[3 * (y * w + x) + k] = (byte) Math.max(0, Math.min(255, (int) Math.round(c[k] + texture)));
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
