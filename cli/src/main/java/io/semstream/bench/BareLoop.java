package io.semstream.bench;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.MsSsim;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;

/**
 * The codec alone, in one thread: encode → channel → decode, then the PSNR and MS-SSIM the receiver
 * computes, frame after frame. What the pipeline is measured against.
 */
final class BareLoop {

  /**
   * @param encodeSeconds time in encode, summed over the timed frames
   * @param decodeSeconds time in decode, summed
   * @param totalSeconds the whole loop over the timed frames (codec, channel and metrics)
   * @param meanPsnr over the timed frames
   */
  record Timing(int frames, double encodeSeconds, double decodeSeconds, double totalSeconds, double meanPsnr) {
    double fps() {
      return frames / totalSeconds;
    }
  }

  private BareLoop() {}

  /** Runs {@code warmUp} frames untimed (JIT, first allocations), then times every frame. */
  static Timing run(CodecRegistry registry, String codecId, List<RgbImage> frames, double snrDb, boolean msssim,
      int warmUp, ProgressBar bar) {
    ChannelConfig channel = ChannelConfig.awgn(snrDb);
    ChannelSimulator simulator = new ChannelSimulator(1);
    long encode = 0, decode = 0, start = 0;
    double psnr = 0;
    try (Codec codec = registry.create(codecId)) {
      for (int i = -warmUp; i < frames.size(); i++) {
        if (i == 0) {
          start = System.nanoTime();
        }
        RgbImage image = frames.get(Math.floorMod(i, frames.size()));
        long t0 = System.nanoTime();
        TxPacket tx = codec.encode(new SourceFrame("bench", Math.max(i, 0), 0, image), LinkConditions.awgn(snrDb));
        long t1 = System.nanoTime();
        ChannelOutput out = simulator.transmit(Symbols.fromBytes(tx.getSymbols()), channel, "bench", i, null);
        RxPacket rx = RxPackets.from(tx, out, channel, 0);
        long t2 = System.nanoTime();
        RgbImage decoded = codec.decode(rx);
        long t3 = System.nanoTime();
        double p = Psnr.of(image, decoded);
        if (msssim) {
          MsSsim.of(image, decoded);
        }
        if (i >= 0) {
          encode += t1 - t0;
          decode += t3 - t2;
          psnr += p;
        }
        if (bar != null) {
          bar.step();
        }
      }
    }
    double total = (System.nanoTime() - start) / 1e9;
    return new Timing(frames.size(), encode / 1e9, decode / 1e9, total, psnr / frames.size());
  }
}
