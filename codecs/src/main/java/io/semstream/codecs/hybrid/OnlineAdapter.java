package io.semstream.codecs.hybrid;

import io.semstream.codecs.api.AdaptiveEncoder;
import io.semstream.codecs.api.AdaptiveEncoder.FineTuning;
import io.semstream.codecs.api.AdaptiveEncoder.FineTuningPlan;
import io.semstream.codecs.api.AdaptiveEncoder.Group;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.delta.ModelDeltaCodec;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.schemas.ModelDelta;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The transmitter's side of online adaptation (DESIGN §5 hybrid, §6): on a group of frames, fine-tune the
 * receiver's adaptable decoder vector at the link's SNR, quantise the update, and keep it only if the distortion it
 * saves on the group is worth the channel uses it costs.
 *
 * <h2>Units</h2>
 * <ul>
 *   <li>D, the group's distortion: the summed squared error of the decoded 8-bit frames, samples scaled to
 *       [0, 1], over all H·W·3 samples of every frame (unpadded). MSE × samples, so PSNR = 10·log10(N / D).
 *       Measured before and after (with the quantised parameters) under the same seeded channel noise, so
 *       the difference is the parameters' doing, not the noise's.</li>
 *   <li>λ, in channel uses per unit of D: send iff λ·(D_before − D_after) &gt; the delta's channel uses.
 *       By default λ is the codec's own exchange rate at the group's operating point: the channel uses that
 *       raising the frames' CBR would need to remove one unit of D. With quality rising s dB per doubling
 *       of the CBR, λ = U / (D_before · s · ln10 / (10·ln2)), U the group's channel uses. s is measured on
 *       the group itself: coded again at {@link #PROBE_CBR} of the CBR, which is where frames go when they
 *       pay for a delta, and decoded under the same noise. A delta is sent only when it buys quality more
 *       cheaply than symbols would. (A fixed s of 3 dB, typical of Deep JSCC around 1/16, undervalued deltas
 *       two to twelve times for this codec: on the tuning clips at 1/16 and 10 dB it measured from the
 *       floor, {@link #MIN_DB_PER_DOUBLING}, to 1.5 dB.)</li>
 *   <li>μ, in units of D per bit: fine-tuning minimises MSE + μ·bits/N, i.e. (D + μ·bits)/N, with bits the
 *       L1 surrogate {@link #BITS_PER_STEP}·Σ|Δ/w|. By default μ = 1 / (λ · bits per channel use at the SNR),
 *       which makes fine-tuning minimise the very quantity the decision tests.</li>
 * </ul>
 *
 * <p>One adapter per stream and mirror; not thread-safe. The mirror must hold the vector of the version
 * {@link #version()} names; after {@link #adapt} it holds the new version if a delta was sent, else
 * exactly (bit for bit) the values it held before.
 */
public final class OnlineAdapter {

  /**
   * Slope of the L1 surrogate, bits per unit of |Δ/w|. Under the spike-and-slab prior a value leaving
   * zero costs log2(π / ((1−π)(1−q)/2)) bits (about 3–4 at the π ≈ 0.7, b ≈ 2 seen on deltas) and each
   * further step log2(e)/b (about 0.7): about 2 bits per step for the small |k| that dominate.
   */
  public static final double BITS_PER_STEP = 2.0;

  /**
   * The default cap on a delta's share of its group's channel uses: issue 5's service bound (deltas at
   * most 5 % of a stream's channel uses), held per group so that it holds for every stretch of a stream
   * without state that a restart would lose.
   */
  public static final double DEFAULT_MAX_DELTA_SHARE = 0.05;

  /** The coarsest bin width a delta is quantised with to fit the cap: w = 2^−MIN_STEP_EXPONENT. */
  static final int MIN_STEP_EXPONENT = 4;

  /** The lean CBR, as a fraction of the preset's, at which the default λ measures the codec's slope. */
  public static final double PROBE_CBR = 0.75;

  /**
   * The least slope the default λ assumes, in dB per doubling of the CBR. Where the codec fails on
   * the content whatever its CBR (text, fractals at 1/16), fewer symbols barely change D, and the
   * measured slope can be zero or, under noise, negative; the floor keeps λ finite there.
   */
  public static final double MIN_DB_PER_DOUBLING = 0.25;

  /**
   * @param steps fine-tuning steps (K)
   * @param learningRate Adam's step size on the vector
   * @param framesPerStep frames per fine-tuning step (≤ 0: the whole group)
   * @param cropPatches side of the random crop per frame, in 16-pixel patches (≤ 0: whole frames); crops
   *     cut the cost per step, the evaluation always decodes whole frames
   * @param lambda channel uses per unit of D (see class doc); NaN: the codec's own rate (default)
   * @param dbPerCbrDoubling the codec's PSNR gain per doubling of the CBR, for the default λ; NaN:
   *     measured on each group (default)
   * @param mu units of D per bit for the rate term (see class doc); NaN: 1/(λ·efficiency) (default)
   * @param stepExponent bin width w = 2^−stepExponent (see {@link ModelDeltaCodec})
   * @param seed for crops, frame choice and the evaluation's channel noise
   * @param maxDeltaShare the most a delta may take of its group's channel uses plus its own (0 to 1):
   *     a delta over it is quantised more coarsely until it fits, and refused if it never does
   */
  public record Options(int steps, float learningRate, int framesPerStep, int cropPatches, double lambda,
      double dbPerCbrDoubling, double mu, int stepExponent, long seed, double maxDeltaShare) {
    public Options {
      if (!(maxDeltaShare >= 0 && maxDeltaShare <= 1)) {
        throw new IllegalArgumentException("the delta's largest share must be in [0, 1]: " + maxDeltaShare);
      }
      if (steps < 0 || !(learningRate > 0) || dbPerCbrDoubling <= 0) {
        throw new IllegalArgumentException(
            "need steps ≥ 0, learning rate > 0 and a positive dB per doubling (or NaN: measured)");
      }
      if (lambda < 0 || mu < 0) {
        throw new IllegalArgumentException("λ and μ must be non-negative (or NaN for the defaults)");
      }
    }

    /**
     * 60 steps of 4 frames cropped to 128 px at 3·10⁻³, w = 2^−8; λ, μ and the codec's slope measured
     * per group.
     *
     * <p>Steps and rate were chosen on tuning clips kept apart from the reported ones
     * ({@code scripts/make-clips.sh --tuning}), at CBR 1/16 and 10 dB (CHANGELOG, 2026-11-23). Adam moves
     * each value by about the learning rate per step, so the product of steps and rate bounds how far a
     * bias can travel: enough here for the colour and tone shifts a new scene needs.
     */
    public static Options defaults() {
      return new Options(60, 3e-3f, 4, 8, Double.NaN, Double.NaN, Double.NaN, ModelDeltaCodec.DEFAULT_STEP_EXPONENT, 1,
          DEFAULT_MAX_DELTA_SHARE);
    }

    public Options withSteps(int k) {
      return new Options(k, learningRate, framesPerStep, cropPatches, lambda, dbPerCbrDoubling, mu, stepExponent,
          seed, maxDeltaShare);
    }

    public Options withLambda(double l) {
      return new Options(steps, learningRate, framesPerStep, cropPatches, l, dbPerCbrDoubling, mu, stepExponent,
          seed, maxDeltaShare);
    }

    public Options withLearningRate(float lr) {
      return new Options(steps, lr, framesPerStep, cropPatches, lambda, dbPerCbrDoubling, mu, stepExponent, seed,
          maxDeltaShare);
    }

    public Options withMu(double m) {
      return new Options(steps, learningRate, framesPerStep, cropPatches, lambda, dbPerCbrDoubling, m, stepExponent,
          seed, maxDeltaShare);
    }

    public Options withSeed(long s) {
      return new Options(steps, learningRate, framesPerStep, cropPatches, lambda, dbPerCbrDoubling, mu, stepExponent,
          s, maxDeltaShare);
    }

    public Options withMaxDeltaShare(double share) {
      return new Options(steps, learningRate, framesPerStep, cropPatches, lambda, dbPerCbrDoubling, mu, stepExponent,
          seed, share);
    }
  }

  /** Why a delta did not travel. */
  public enum Refusal {
    /** It was sent. */
    NONE,
    /** The distortion it saves is not worth its channel uses. */
    NOT_WORTH_ITS_CHANNEL_USES,
    /** Even at the coarsest bin it takes more than its share of the group's channel uses. */
    OVER_ITS_SHARE,
    /** Fine-tuning's loss or gradients, or the decoder's output, stopped being finite. */
    DIVERGED
  }

  /**
   * What one adaptation did.
   *
   * @param sent whether the delta should travel (if not, the mirror is back at the base version)
   * @param baseVersion the version the delta applies to
   * @param newVersion the mirror's version now: baseVersion + 1 if sent, else baseVersion
   * @param delta the quantised update (its payload is what a ModelDelta carries), also when refused
   * @param deltaChannelUses the payload's channel uses at the SNR
   * @param frameChannelUses what the group's frames cost (symbols and side info)
   * @param distortionBefore D with the base parameters
   * @param distortionAfter D with the quantised tuned parameters
   * @param lambda the λ the decision used
   * @param dbPerCbrDoubling the codec's slope behind the default λ (measured or given)
   * @param sourceDimension N, the group's H·W·3 summed
   * @param carried for a refused delta that lowered its group's distortion, the tuned (unquantised)
   *     values, from which the next attempt on the same base version goes on; otherwise null
   * @param refusal why it was not sent ({@link Refusal#NONE} when it was)
   * @param detail for a refusal, what happened, in words
   */
  public record Result(boolean sent, long baseVersion, long newVersion, ModelDeltaCodec.Delta delta,
      long deltaChannelUses, long frameChannelUses, double distortionBefore, double distortionAfter, double lambda,
      double dbPerCbrDoubling, long sourceDimension, double firstLoss, double lastLoss, float[] carried,
      Refusal refusal, String detail) {

    /**
     * A refusal with nothing to send: the fine-tuning diverged, so the decoder keeps its version and no
     * values are carried to the next attempt.
     */
    static Result diverged(long version, long frameChannelUses, long sourceDimension, String detail) {
      return new Result(false, version, version, null, 0, frameChannelUses, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, sourceDimension, Double.NaN, Double.NaN, null, Refusal.DIVERGED, detail);
    }

    public double psnrBefore() {
      return 10 * Math.log10(sourceDimension / distortionBefore);
    }

    public double psnrAfter() {
      return 10 * Math.log10(sourceDimension / distortionAfter);
    }

    /** The delta's share of the channel uses of the group plus the delta. */
    public double deltaShare() {
      return deltaChannelUses / (double) (deltaChannelUses + frameChannelUses);
    }

    /** The record the model-deltas topic carries for a sent delta; firstSeq is the first frame coded with it. */
    public ModelDelta toRecord(String streamId, String codecId, long firstSeq) {
      if (!sent) {
        throw new IllegalStateException("a refused delta does not travel");
      }
      return ModelDelta.newBuilder().setStreamId(streamId).setCodecId(codecId).setBaseVersion(baseVersion)
          .setNewVersion(newVersion).setFirstSeq(firstSeq).setStep(delta.step())
          .setPayload(ByteBuffer.wrap(delta.payload())).setBits(delta.bits()).setChannelUses(deltaChannelUses)
          .setFull(false).build();
    }
  }

  private final AdaptiveEncoder mirror;
  private final ModelDeltaCodec deltas;
  private final Options options;
  private long version;
  private float[] carried;

  /**
   * @param mirror the transmitter's copy of the receiver's codec, holding the vector of {@code version}
   *     (this adapter changes it)
   * @param carried {@link Result#carried()} of the last refused attempt on {@code version}, or null: the
   *     next attempt goes on from there instead of starting over
   */
  public OnlineAdapter(AdaptiveEncoder mirror, Options options, long version, float[] carried) {
    this.mirror = mirror;
    this.options = options;
    this.deltas = new ModelDeltaCodec(options.stepExponent());
    this.version = version;
    int size = mirror.baseParameters().length;
    this.carried = carried == null || carried.length != size ? null : carried.clone();
  }

  public OnlineAdapter(AdaptiveEncoder mirror, Options options, long version) {
    this(mirror, options, version, null);
  }

  public OnlineAdapter(AdaptiveEncoder mirror, long version) {
    this(mirror, Options.defaults(), version);
  }

  /** The version the mirror holds. */
  public long version() {
    return version;
  }

  /**
   * Fine-tunes on the frames (one size) at the SNR, the mirror's CBR, and decides; see {@link Result}. A
   * fine-tuning that diverges is a refusal ({@link Refusal#DIVERGED}), never an exception: the stream keeps
   * its decoder version and goes on.
   */
  public Result adapt(List<RgbImage> frames, double snrDb) {
    Group group;
    try {
      group = mirror.encodeGroup(frames, snrDb, mirror.info().cbrTarget());
    } catch (NonFiniteOutputException e) {
      carried = null;
      return Result.diverged(version, 0, 0, "the mirror's encoder gave a " + e.getMessage());
    }
    float[] base = mirror.adaptableValues();
    long noiseSeed = options.seed() * 1_000_003L + version;
    boolean keep = false;
    try {
      double before = distortion(group, noiseSeed);
      double slope = Double.isNaN(options.dbPerCbrDoubling())
          ? measuredSlope(frames, snrDb, group, before, noiseSeed)
          : options.dbPerCbrDoubling();
      double lambda = Double.isNaN(options.lambda())
          ? group.channelUses() / (before * slope * Math.log(10) / (10 * Math.log(2)))
          : options.lambda();
      double mu = Double.isNaN(options.mu()) ? 1 / (lambda * CqiTable.spectralEfficiency(snrDb)) : options.mu();
      double rateWeight = mu * BITS_PER_STEP / deltas.step() / group.sourceDimension();
      // A refused attempt's work is kept if it helped its group: the next group goes on from it, so a
      // change too small to pay for itself on one group can still grow, over the groups after it, into
      // one that does. One that made its group worse (an overshoot, a scene cut) is dropped, or a bad
      // start could build up over group after group while nothing is sent.
      FineTuning tuned = mirror.fineTune(group, base, carried != null ? carried : base, new FineTuningPlan(
          options.steps(), options.learningRate(), options.framesPerStep(), options.cropPatches(), rateWeight),
          new SplittableRandom(noiseSeed));
      if (tuned.diverged()) {
        carried = null;
        return Result.diverged(version, group.channelUses(), group.sourceDimension(),
            "fine-tuning's loss or gradients were not finite at step " + tuned.divergedAtStep() + " of "
                + options.steps() + " (loss before it " + tuned.lastLoss() + ")");
      }
      ModelDeltaCodec.Delta delta = deltas.encode(base, tuned.tuned());
      // Over the cap, a coarser bin costs fewer bits (and some of the gain, which the test below sees).
      long cap = (long) Math.floor(options.maxDeltaShare() / (1 - options.maxDeltaShare()) * group.channelUses());
      for (int e = options.stepExponent() - 1; delta.channelUses(snrDb) > cap && e >= MIN_STEP_EXPONENT; e--) {
        delta = new ModelDeltaCodec(e).encode(base, tuned.tuned());
      }
      mirror.setAdaptableValues(delta.applied());
      double after = distortion(group, noiseSeed);
      long uses = delta.channelUses(snrDb);
      boolean fits = uses <= cap;
      keep = fits && lambda * (before - after) > uses;
      long from = version;
      if (keep) {
        version++;
      }
      carried = keep || after >= before ? null : tuned.tuned();
      Refusal refusal = keep ? Refusal.NONE : fits ? Refusal.NOT_WORTH_ITS_CHANNEL_USES : Refusal.OVER_ITS_SHARE;
      String detail = switch (refusal) {
        case NONE -> "";
        case NOT_WORTH_ITS_CHANNEL_USES -> String.format("saves %.4g of distortion, worth %.0f channel uses; costs %d",
            before - after, lambda * (before - after), uses);
        case OVER_ITS_SHARE -> "takes " + uses + " channel uses at the coarsest bin; its share allows " + cap;
        case DIVERGED -> throw new IllegalStateException();
      };
      return new Result(keep, from, version, delta, uses, group.channelUses(), before, after, lambda,
          slope, group.sourceDimension(), tuned.firstLoss(), tuned.lastLoss(), carried == null ? null : carried.clone(),
          refusal, detail);
    } catch (NonFiniteOutputException e) {
      carried = null;
      return Result.diverged(version, group.channelUses(), group.sourceDimension(),
          "the mirror's decoder gave a " + e.getMessage());
    } finally {
      if (!keep) {
        mirror.setAdaptableValues(base);
      }
    }
  }

  /**
   * The codec's PSNR change per doubling of the CBR on this group, in dB: the group coded again at
   * {@link #PROBE_CBR} of the preset's CBR (the direction frames move when they pay for a delta) and
   * decoded under the same noise draws, at least {@link #MIN_DB_PER_DOUBLING}.
   */
  private double measuredSlope(List<RgbImage> frames, double snrDb, Group group, double before, long noiseSeed) {
    Group lean = mirror.encodeGroup(frames, snrDb, PROBE_CBR * mirror.info().cbrTarget());
    double doublings = Math.log((double) group.channelUses() / lean.channelUses()) / Math.log(2);
    double db = 10 * Math.log10(distortion(lean, noiseSeed) / before);
    return doublings > 0 ? Math.max(MIN_DB_PER_DOUBLING, db / doublings) : MIN_DB_PER_DOUBLING;
  }

  private double distortion(Group group, long seed) {
    return mirror.groupDistortion(group, seed);
  }
}
