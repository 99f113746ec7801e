package io.semstream.codecs.eval;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.FadingState;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.MsSsim;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs codecs over images through the same channel simulator the pipeline uses, at full
 * resolution, and averages PSNR / MS-SSIM / measured CBR. The channel draws are seeded by (seed,
 * image name, SNR index), so two codecs see the same noise realisation statistics and a rerun gives
 * the same numbers.
 */
public final class CodecEvaluator {

  public record Image(String name, RgbImage image) {}

  private final CodecRegistry registry;
  private final long seed;
  private final Task task;

  public CodecEvaluator(CodecRegistry registry, long seed) {
    this(registry, seed, null);
  }

  /** With a machine task run on every reconstruction of {@link #evaluate} (null: none). */
  public CodecEvaluator(CodecRegistry registry, long seed, Task task) {
    this.registry = registry;
    this.seed = seed;
    this.task = task;
  }

  /** Channel names as accepted by {@link ChannelConfig#parse(String, double)}. */
  public List<EvalRow> evaluate(List<String> codecIds, List<Image> images, List<Double> snrs,
      List<String> channels, boolean progress) {
    List<EvalRow> rows = new ArrayList<>();
    long total = (long) codecIds.size() * images.size() * snrs.size() * channels.size();
    ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("eval").setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build() : null;
    try {
      for (String id : codecIds) {
        try (Codec codec = registry.create(id)) {
          for (String channel : channels) {
            for (double snr : snrs) {
              rows.add(evaluateOne(codec, channel, snr, images, bar));
            }
          }
        }
      }
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
    return rows;
  }

  EvalRow evaluateOne(Codec codec, String channelName, double snr, List<Image> images, ProgressBar bar) {
    ChannelConfig channel = ChannelConfig.parse(channelName, snr);
    ChannelSimulator simulator = new ChannelSimulator(seed);
    double psnr = 0, msssim = 0, cbr = 0, side = 0;
    int lost = 0, nonFinite = 0;
    List<RgbImage> reconstructions = new ArrayList<>();
    for (Image img : images) {
      SourceFrame frame = new SourceFrame(img.name(), 0, 0, img.image());
      RgbImage decoded;
      // A still image has no previous frame to repeat: a lost one is shown as mid-grey, and so is one whose
      // network output was not finite (counted apart, since it is a fault, not the channel's doing).
      RgbImage grey = RgbImage.filled(img.image().width(), img.image().height(), 128);
      try {
        TxPacket tx = codec.encode(frame, LinkConditions.of(channel));
        cbr += (double) tx.getChannelUses() / tx.getSourceDimension();
        side += tx.getSideInfoBits();
        float[] iq = Symbols.fromBytes(tx.getSymbols());
        ChannelOutput out = simulator.transmit(iq, channel, img.name(), Math.round(snr * 1000), null);
        decoded = codec.decode(toRx(tx, out, channel));
      } catch (FrameLostException e) {
        lost++;
        decoded = grey;
      } catch (NonFiniteOutputException e) {
        lost++;
        nonFinite++;
        decoded = grey;
      }
      psnr += Psnr.of(img.image(), decoded);
      msssim += MsSsim.of(img.image(), decoded);
      if (task != null) {
        reconstructions.add(decoded);
      }
      if (bar != null) {
        bar.step();
      }
    }
    int n = images.size();
    double accuracy = Double.NaN;
    if (task != null) {
      int right = 0;
      for (boolean c : task.correct(images, reconstructions)) {
        right += c ? 1 : 0;
      }
      accuracy = right / (double) n;
    }
    return new EvalRow(codec.id(), channelName, snr, codec.info().cbrTarget(), cbr / n, psnr / n,
        msssim / n, n, side / n, lost, nonFinite, accuracy);
  }

  /**
   * The frames of one video as one stream, coded and sent exactly as the pipeline does: frame i is seq i of
   * stream {@code streamId}, its channel draws are keyed by (seed, stream, seq) as the channel role keys
   * them, and fading carries over from frame to frame. With the pipeline's run seed, a stream through the
   * pipeline and through this evaluation meet the same channel, so their figures agree.
   */
  public List<EvalRow> evaluateStream(List<String> codecIds, List<RgbImage> frames, String streamId,
      List<Double> snrs, List<String> channels, boolean progress) {
    List<EvalRow> rows = new ArrayList<>();
    long total = (long) codecIds.size() * frames.size() * snrs.size() * channels.size();
    ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("eval").setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build() : null;
    try {
      for (String id : codecIds) {
        try (Codec codec = registry.create(id)) {
          for (String channelName : channels) {
            for (double snr : snrs) {
              rows.add(evaluateStreamOnce(codec, channelName, snr, frames, streamId, bar));
            }
          }
        }
      }
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
    return rows;
  }

  private EvalRow evaluateStreamOnce(Codec codec, String channelName, double snr, List<RgbImage> frames,
      String streamId, ProgressBar bar) {
    ChannelConfig channel = ChannelConfig.parse(channelName, snr);
    ChannelSimulator simulator = new ChannelSimulator(seed);
    double psnr = 0, msssim = 0, cbr = 0, side = 0;
    int lost = 0, nonFinite = 0, withMsssim = 0;
    FadingState fading = null;
    RgbImage last = null;
    for (int i = 0; i < frames.size(); i++) {
      RgbImage image = frames.get(i);
      RgbImage decoded;
      try {
        TxPacket tx = codec.encode(new SourceFrame(streamId, i, 0, image), LinkConditions.of(channel));
        cbr += (double) tx.getChannelUses() / tx.getSourceDimension();
        side += tx.getSideInfoBits();
        ChannelOutput out = simulator.transmit(Symbols.fromBytes(tx.getSymbols()), channel, streamId, i, fading);
        fading = out.next();
        decoded = codec.decode(toRx(tx, out, channel));
        last = decoded;
      } catch (FrameLostException | NonFiniteOutputException e) {
        // Concealed as the receiver conceals it: the last good frame of the size, else mid-grey.
        lost++;
        nonFinite += e instanceof NonFiniteOutputException ? 1 : 0;
        decoded = last != null && last.width() == image.width() && last.height() == image.height() ? last
            : RgbImage.filled(image.width(), image.height(), 128);
      }
      psnr += Psnr.of(image, decoded);
      try {
        msssim += MsSsim.of(image, decoded);
        withMsssim++;
      } catch (IllegalArgumentException tooSmall) {
        // as the receiver: no MS-SSIM for frames too small for its five scales
      }
      if (bar != null) {
        bar.step();
      }
    }
    int n = frames.size();
    return new EvalRow(codec.id(), channelName, snr, codec.info().cbrTarget(), cbr / n, psnr / n,
        withMsssim == 0 ? Double.NaN : msssim / withMsssim, n, side / n, lost, nonFinite);
  }

  /** What the channel role does to a packet, without Kafka. */
  public static RxPacket toRx(TxPacket tx, ChannelOutput out, ChannelConfig channel) {
    return RxPackets.from(tx, out, channel, System.currentTimeMillis());
  }
}
