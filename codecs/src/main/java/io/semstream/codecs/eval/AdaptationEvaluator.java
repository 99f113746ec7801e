package io.semstream.codecs.eval;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.hybrid.OnlineAdapter;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code eval --adapt}: one clip of consecutive frames sent twice over the same channel, once by a codec
 * that never adapts and once by a transmitter that adapts the receiver's decoder online (DESIGN §6), at
 * equal total CBR.
 *
 * <p>The adapted stream runs as the topology runs it, causally: after every group of N frames the
 * transmitter fine-tunes its mirror on that group and decides; a delta it sends is applied by the receiver
 * from its payload alone ({@code AdaptiveDecoder.applyDelta}) and serves the frames that follow, never the
 * frames it was tuned on. No delta follows the last group, which nothing would decode with.
 *
 * <p>Equal total CBR: the delta's channel uses are paid for by the frames after it. The adapted stream
 * keeps a running balance, CBR target × source dimension so far minus every channel use so far (frames and
 * deltas), and codes each frame at the target plus the balance while the balance is negative (never below
 * half the target for one frame, never above the target). So its frames plus deltas cost what the plain
 * stream's frames cost, up to a debt the last frames could not repay, which {@code cbrAdapted} shows.
 * (The transmitter tunes on its group encoded at the preset's CBR, as the topology's worker does; the
 * frames that repay a delta go out a few percent leaner than that.)
 */
public final class AdaptationEvaluator {

  /**
   * One clip through one channel at one SNR.
   *
   * @param cbr what the plain stream spent per source value
   * @param cbrAdapted what the adapted stream spent, frames and deltas, per source value
   * @param psnr mean over frames, plain stream
   * @param psnrAdapted mean over frames, adapted stream
   * @param deltaShare the deltas' channel uses over all of the adapted stream's channel uses
   * @param deltasSent deltas the rate-distortion decision sent
   * @param deltasRefused adaptations that sent nothing, for any of the reasons below
   * @param refusedOverShare of those, deltas that did not fit their share of the channel uses
   * @param refusedDiverged of those, fine-tunings that diverged (the decoder kept its version)
   * @param nonFiniteFrames frames of either stream whose encoder or decoder output was NaN or infinite,
   *     scored as mid-grey (an unsent frame costs no channel uses)
   */
  public record Row(String codec, String channel, double snrDb, double cbrTarget, double cbr, double cbrAdapted,
      double psnr, double psnrAdapted, double deltaShare, int deltasSent, int deltasRefused, int refusedOverShare,
      int refusedDiverged, int nonFiniteFrames, int frames, int groupSize) {
    public double gain() {
      return psnrAdapted - psnr;
    }
  }

  private final Supplier<? extends Codec> codecs;
  private final OnlineAdapter.Options options;
  private final int groupSize;
  private final long seed;

  /**
   * @param codecs makes a fresh codec instance (the plain stream and receiver, and the transmitter's
   *     mirror, are separate instances so the mirror's tuning cannot leak into the receiver)
   * @param groupSize frames per adaptation group
   */
  public AdaptationEvaluator(Supplier<? extends Codec> codecs, OnlineAdapter.Options options, int groupSize,
      long seed) {
    if (groupSize < 1) {
      throw new IllegalArgumentException("an adaptation group needs at least one frame, got " + groupSize);
    }
    this.codecs = codecs;
    this.options = options;
    this.groupSize = groupSize;
    this.seed = seed;
  }

  /** Runs the clip (frames in order, all of one size) at one channel and SNR. */
  public Row evaluate(List<RgbImage> clip, String channelName, double snrDb, ProgressBar bar) {
    if (clip.isEmpty()) {
      throw new IllegalArgumentException("the clip has no frames");
    }
    ChannelConfig channel = ChannelConfig.parse(channelName, snrDb);
    LinkConditions link = LinkConditions.of(channel);
    // Draws depend only on (seed, stream, frame index): both streams meet the same channel per frame.
    ChannelSimulator simulator = new ChannelSimulator(seed);
    try (ExplicitCodec receiver = explicit(codecs.get()); ExplicitCodec mirror = explicit(codecs.get())) {
      double target = receiver.info().cbrTarget();
      OnlineAdapter adapter = new OnlineAdapter(mirror, options, 0);
      float[] version = receiver.baseParameters();
      double psnr = 0, psnrAdapted = 0, balance = 0;
      long plainUses = 0, frameUses = 0, deltaUses = 0, dimension = 0;
      int sent = 0, refused = 0, overShare = 0, diverged = 0;
      int[] nonFinite = {0};
      List<RgbImage> group = new ArrayList<>();
      for (int i = 0; i < clip.size(); i++) {
        RgbImage image = clip.get(i);
        SourceFrame frame = new SourceFrame("clip", i, 0, image);
        long n = image.sourceDimension();
        dimension += n;

        RgbImage grey = RgbImage.filled(image.width(), image.height(), 128);
        TxPacket plain = encodeOrNull(() -> receiver.encode(frame, link), nonFinite);
        plainUses += plain == null ? 0 : plain.getChannelUses();
        psnr += Psnr.of(image, plain == null ? grey : decode(receiver, plain, simulator, channel, i, null, image,
            nonFinite));

        double frameCbr = Math.max(target / 2, target + Math.min(0, balance) / n);
        TxPacket adapted = encodeOrNull(() -> mirror.encode(frame, link, frameCbr), nonFinite);
        long adaptedUses = adapted == null ? 0 : adapted.getChannelUses();
        frameUses += adaptedUses;
        balance += target * n - adaptedUses;
        psnrAdapted += Psnr.of(image, adapted == null ? grey : decode(receiver, adapted, simulator, channel, i, version,
            image, nonFinite));

        group.add(image);
        boolean last = i == clip.size() - 1;
        if (group.size() == groupSize && !last) {
          OnlineAdapter.Result r = adapter.adapt(group, snrDb);
          if (r.sent()) {
            version = receiver.applyDelta(r.delta().payload(), version);
            deltaUses += r.deltaChannelUses();
            balance -= r.deltaChannelUses();
            sent++;
          } else {
            refused++;
            overShare += r.refusal() == OnlineAdapter.Refusal.OVER_ITS_SHARE ? 1 : 0;
            diverged += r.refusal() == OnlineAdapter.Refusal.DIVERGED ? 1 : 0;
          }
          group.clear();
        }
        if (bar != null) {
          bar.step();
        }
      }
      if (!Arrays.equals(version, mirror.adaptableValues())) {
        // The receiver rebuilt its vector from payloads alone; a mismatch would be a protocol bug.
        throw new IllegalStateException("receiver and transmitter mirror disagree on the decoder parameters");
      }
      int frames = clip.size();
      return new Row(receiver.id(), channelName, snrDb, target, plainUses / (double) dimension,
          (frameUses + deltaUses) / (double) dimension, psnr / frames, psnrAdapted / frames,
          frameUses + deltaUses == 0 ? 0 : deltaUses / (double) (frameUses + deltaUses), sent, refused, overShare,
          diverged, nonFinite[0], frames, groupSize);
    }
  }

  /** The packet, or null (counted in {@code nonFinite[0]}) when the encoder's output was not finite. */
  private static TxPacket encodeOrNull(Supplier<TxPacket> encode, int[] nonFinite) {
    try {
      return encode.get();
    } catch (NonFiniteOutputException e) {
      nonFinite[0]++;
      return null;
    }
  }

  /**
   * Decodes with the given parameter vector (null: the codec's shipped values); a lost frame is grey, and so
   * is a non-finite one, which is counted in {@code nonFinite[0]}.
   */
  private static RgbImage decode(ExplicitCodec codec, TxPacket tx, ChannelSimulator simulator, ChannelConfig channel,
      int index, float[] parameters, RgbImage reference, int[] nonFinite) {
    ChannelOutput out = simulator.transmit(Symbols.fromBytes(tx.getSymbols()), channel, "clip", index, null);
    RxPacket rx = CodecEvaluator.toRx(tx, out, channel);
    try {
      return parameters == null ? codec.decode(rx) : codec.decode(rx, parameters);
    } catch (FrameLostException e) {
      return RgbImage.filled(reference.width(), reference.height(), 128);
    } catch (NonFiniteOutputException e) {
      nonFinite[0]++;
      return RgbImage.filled(reference.width(), reference.height(), 128);
    }
  }

  private static ExplicitCodec explicit(Codec codec) {
    if (codec instanceof ExplicitCodec e) {
      return e;
    }
    String id = codec.info().id();
    codec.close();
    throw new IllegalArgumentException("--adapt: " + id + " has no decoder to adapt");
  }
}
