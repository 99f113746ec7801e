package io.semstream.codecs.explicit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.semstream.codecs.deepjscc.DeepJsccModel;
import io.semstream.codecs.deepjscc.DeepJsccNetwork;
import io.semstream.codecs.entropy.EntropyBottleneck;
import io.semstream.codecs.entropy.GaussianConditional;
import io.semstream.codecs.layers.AwgnNoise;
import io.semstream.codecs.layers.Layers;
import io.semstream.codecs.layers.PixelShuffle;
import io.semstream.codecs.layers.ResidualBlock;
import io.semstream.codecs.layers.SnrModulation;
import io.semstream.codecs.nr.CqiTable;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Explicit NeurJSCC (nonlinear transform source-channel coding, DESIGN §5):
 * <pre>
 *   x ─g_a─▶ y ─h_a─▶ z ─bottleneck─▶ ẑ ─h_s─▶ σ            (×16 down, then ×4 more)
 *   −log2 P(y | σ) summed per latent position = bits of that 16×16 patch ─RateAllocator─▶ level
 *   (y, level) ─JSCC enc (SNR-modulated)─▶ features, first 2·level reals of each patch kept
 *   ─power normalisation over kept symbols─▶ AWGN (training) ─▶ (received, level, log σ) ─JSCC dec─▶ ŷ ─g_s─▶ x̂
 * </pre>
 * The receiver has ẑ (side info), so σ is free context for the JSCC decoder; it also has the levels,
 * which it needs to know which features arrived.
 *
 * <p>g_a is the Deep JSCC encoder (×8, SNR-modulated) with m/4 latent channels, folded to ×16 by space to
 * depth, so feature 4c + offset of a patch is channel c of one of its four 8×8 blocks; g_s unfolds ŷ and
 * runs the Deep JSCC decoder. A patch's first 2·level reals are therefore the first level/2 channels of
 * each of its blocks, the importance order Deep JSCC's truncation trains. The first design, a plain
 * ×16 convolutional g_a/g_s of its own, topped out at 25.7 dB on training photos at 1/16 even at 30 dB
 * SNR, where Deep JSCC at ×8 reached 29 dB at 13 dB; with these transforms the network can start from
 * Deep JSCC's trained weights ({@link #startFrom}) and the entropy model and allocation only add to it.
 *
 * <p>Training forward: inputs image [B,3,H,W] in [0,1] (H, W multiples of {@link #PAD}), SNR [B,1] dB,
 * target CBR [B,1]; outputs x̂ [B,3,H,W], bits of z [B], bits of y [B], complex symbols used [B]. The
 * rate scale η is calibrated per sample to the CBR, as the codec does; a trainer forms
 * D + λ·(bits z + bits y) / pixels.
 * The stages are also public one by one, which is how {@link ExplicitCodec} runs them.
 */
public final class ExplicitNetwork extends AbstractBlock {

  /** One latent position = one 16×16 patch. */
  public static final int DOWNSAMPLE = 16;
  /** g_a and g_s work at Deep JSCC's scale; space to depth by this factor takes them to {@link #DOWNSAMPLE}. */
  static final int FOLD = DOWNSAMPLE / DeepJsccNetwork.DOWNSAMPLE;
  /** h_a's further downsampling. */
  public static final int HYPER_DOWNSAMPLE = 4;
  /** Frames are padded to a multiple of this so z has whole positions. */
  public static final int PAD = DOWNSAMPLE * HYPER_DOWNSAMPLE;

  /**
   * Architecture sizes: n the width of g_a and g_s (Deep JSCC's width), m the channels of y (four per
   * trunk channel), hyperprior width and z channels, JSCC width, and the rate levels (complex symbols
   * per patch). Weights belong to one config.
   */
  public record Config(int n, int m, int hyperN, int zChannels, int jsccWidth, int[] levels) {
    public Config {
      if (n < 1 || m < 1 || hyperN < 1 || zChannels < 1 || jsccWidth < 1) {
        throw new IllegalArgumentException("sizes must be positive");
      }
      if (m % (FOLD * FOLD) != 0) {
        throw new IllegalArgumentException("m must be a multiple of " + FOLD * FOLD + ": " + m);
      }
      levels = levels.clone();
      new RateAllocator(levels); // validates
    }

    /** Channels of g_a's output before it is folded to ×16. */
    public int trunkChannels() {
      return m / (FOLD * FOLD);
    }

    /**
     * The product size: about 2.4 M parameters, under 5 MB in float16 (the limit per preset;
     * {@code ExplicitNetworkTrainingTest} pins it). g_a and g_s are Deep JSCC's width, so the network can
     * start from its weights; y has 64 trunk channels against Deep JSCC's 24, and levels reach 128 symbols
     * per 768-value patch (CBR 1/6 locally), so a 1/16 frame can pour its budget into its busiest patches.
     * m equals the features of the top level, so the JSCC stages can start as the identity.
     */
    public static Config standard() {
      return new Config(DeepJsccModel.WIDTH, 256, 48, 32, 48, new int[] {0, 8, 16, 24, 32, 48, 64, 96, 128});
    }

    /** A very small network for tests: same structure, fast on two cores. */
    public static Config tiny() {
      return new Config(16, 24, 16, 8, 32, new int[] {0, 8, 16, 32, 48, 64});
    }

    @Override
    public int[] levels() {
      return levels.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Config c && n == c.n && m == c.m && hyperN == c.hyperN && zChannels == c.zChannels
          && jsccWidth == c.jsccWidth && Arrays.equals(levels, c.levels);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(new int[] {n, m, hyperN, zChannels, jsccWidth, Arrays.hashCode(levels)});
    }

    @Override
    public String toString() {
      return "Config[n=" + n + ", m=" + m + ", hyperN=" + hyperN + ", z=" + zChannels + ", jscc=" + jsccWidth
          + ", levels=" + Arrays.toString(levels) + "]";
    }
  }

  private final Config config;
  private final RateAllocator allocator;
  private final int featureChannels;
  private final double maxLevelBits;
  private final DeepJsccNetwork.Encoder analysis;
  private final SequentialBlock hyperAnalysis;
  private final SequentialBlock hyperSynthesis;
  private final EntropyBottleneck bottleneck;
  private final GaussianConditional conditional;
  private final JsccStage jsccEncoder;
  private final AwgnNoise channel;
  private final JsccStage jsccDecoder;
  private final DeepJsccNetwork.Decoder synthesis;

  public ExplicitNetwork(Config config) {
    super((byte) 1);
    this.config = config;
    this.allocator = new RateAllocator(config.levels());
    this.featureChannels = 2 * allocator.maxLevel();
    this.maxLevelBits = SideInfo.maxLevelBits(SideInfo.levelTable(allocator.count()));
    int n = config.n(), m = config.m(), hn = config.hyperN();
    analysis = addChildBlock("g_a", new DeepJsccNetwork.Encoder(n, config.trunkChannels()));
    // A 1×1 first layer: y is 256 channels wide, and the 5×5 layers after it see the neighbourhood.
    hyperAnalysis = addChildBlock("h_a", new SequentialBlock()
        .add(Layers.conv(hn, 1, 1)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(hn, 5, 2)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(config.zChannels(), 5, 2)));
    hyperSynthesis = addChildBlock("h_s", new SequentialBlock()
        .add(Layers.conv(hn * 4, 3, 1)).add(new PixelShuffle(2)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(hn * 4, 3, 1)).add(new PixelShuffle(2)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(m, 3, 1)));
    bottleneck = addChildBlock("bottleneck", new EntropyBottleneck(config.zChannels()));
    conditional = addChildBlock("conditional", new GaussianConditional());
    jsccEncoder = addChildBlock("jscc_enc", new JsccStage(config.jsccWidth(), featureChannels, 3));
    channel = addChildBlock("channel", new AwgnNoise());
    // A 1×1 stem: its input is wide (features + level + σ), and the residual block brings the neighbourhood.
    jsccDecoder = addChildBlock("jscc_dec", new JsccStage(config.jsccWidth(), m, 1));
    synthesis = addChildBlock("g_s", new DeepJsccNetwork.Decoder(n));
  }

  public Config config() {
    return config;
  }

  /** The stages by the names {@link #freezeStages} takes, in the order of the diagram above. */
  public static final List<String> STAGES = List.of("g_a", "h_a", "bottleneck", "h_s", "conditional",
      "jscc_enc", "channel", "jscc_dec", "g_s");

  /** A stage's name from its child-block key: DJL puts the child's two-digit position first ("03h_a"). */
  public static String stageName(String childKey) {
    return childKey.replaceFirst("^[0-9]+", "");
  }

  /** @throws IllegalArgumentException naming the valid stages, if a name is not one of {@link #STAGES} */
  public static void requireStages(Collection<String> names) {
    Set<String> unknown = new TreeSet<>(names);
    unknown.removeAll(STAGES);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("no stage " + unknown + " in the explicit network; stages are " + STAGES);
    }
  }

  /**
   * Freezes the named stages: their parameters take no gradient, so the optimiser leaves them as they are.
   * Fine-tuning with the entropy model (h_a, bottleneck, h_s) frozen trains the picture alone: the
   * distortion's gradient never reaches those stages, and with them fixed the side info cannot jump;
   * allocations still follow y as g_a moves it. Call after the parameters exist
   * (after initialisation or loading).
   *
   * @throws IllegalArgumentException as {@link #requireStages}
   */
  public void freezeStages(Collection<String> names) {
    requireStages(names);
    getChildren().forEach(child -> {
      if (names.contains(stageName(child.getKey()))) {
        child.getValue().freezeParameters(true);
      }
    });
  }

  public RateAllocator allocator() {
    return allocator;
  }

  public EntropyBottleneck bottleneck() {
    return bottleneck;
  }

  /** Real features per patch the JSCC encoder produces: two per complex symbol of the top level. */
  public int featureChannels() {
    return featureChannels;
  }

  // ------------------------------------------------------------------ stages

  /** g_a: image [B,3,H,W] in [0,1], SNR [B,1] dB → y [B,m,H/16,W/16]. */
  public NDArray analyse(ParameterStore ps, NDArray x, NDArray snr, boolean training) {
    return PixelShuffle.unshuffle(analysis.forward(ps, new NDList(x, snr), training).singletonOrThrow(), FOLD);
  }

  /** The RMS {@link #entropyLatent} scales y to: a few quantisation steps, so ŷ = round is neither all zeros nor huge. */
  static final float ENTROPY_RMS = 4f;

  /**
   * y as the entropy model sees it: scaled per frame to RMS {@link #ENTROPY_RMS}. The entropy model only
   * ranks patches (the allocator scales the ranking to the CBR), so y's overall scale carries nothing
   * for it; and nothing else holds that scale still, since power normalisation makes the JSCC encoder
   * blind to it. Unscaled, y drifts until z grows to tens of bits a value and the side info eats the
   * frame's whole budget.
   */
  public NDArray entropyLatent(NDArray y) {
    long b = y.getShape().get(0);
    NDArray rms = y.square().reshape(b, -1).mean(new int[] {1}).add(1e-6f).sqrt().reshape(b, 1, 1, 1);
    return y.div(rms).mul(ENTROPY_RMS);
  }

  /** h_a: y (as {@link #entropyLatent} scales it) → z [B,zChannels,H/64,W/64]. A scale hyperprior only needs the magnitudes. */
  public NDArray hyperAnalyse(ParameterStore ps, NDArray y, boolean training) {
    return hyperAnalysis.forward(ps, new NDList(y.abs()), training).singletonOrThrow();
  }

  /** h_s: ẑ → σ [B,m,H/16,W/16], positive. */
  public NDArray scales(ParameterStore ps, NDArray zHat, boolean training) {
    return Activation.softPlus(hyperSynthesis.forward(ps, new NDList(zHat), training).singletonOrThrow());
  }

  /** The level map both JSCC stages see: symbols per patch / top level, [B,1,h,w]. */
  public NDArray levelMap(NDArray levels) {
    return levels.div((float) allocator.maxLevel()).expandDims(1);
  }

  /** 1 where feature channel j < 2·level of the patch, else 0: [B, featureChannels, h, w]. */
  public NDArray channelMask(NDArray levels) {
    Shape s = levels.getShape();
    NDArray index = levels.getManager().arange(0f, featureChannels, 1f).reshape(1, featureChannels, 1, 1);
    return index.lt(levels.mul(2f).reshape(s.get(0), 1, s.get(1), s.get(2))).toType(levels.getDataType(), false);
  }

  /** JSCC encoder: (y, level map, SNR) → features [B, featureChannels, h, w], unnormalised. */
  public NDArray jsccEncode(ParameterStore ps, NDArray y, NDArray levelMap, NDArray snr, boolean training) {
    return jsccEncoder.forward(ps, new NDList(y.concat(levelMap, 1), snr), training).singletonOrThrow();
  }

  /** JSCC decoder: (received features, zeros where nothing was sent; level map; σ; SNR) → ŷ. */
  public NDArray jsccDecode(ParameterStore ps, NDArray received, NDArray levelMap, NDArray sigma, NDArray snr,
      boolean training) {
    NDArray context = sigma.maximum(GaussianConditional.MIN_SCALE).log();
    return jsccDecoder.forward(ps, new NDList(received.concat(levelMap, 1).concat(context, 1), snr), training)
        .singletonOrThrow();
  }

  /** g_s: ŷ, SNR [B,1] dB → image [B,3,16h,16w], about [0,1] (not clamped). */
  public NDArray synthesise(ParameterStore ps, NDArray yHat, NDArray snr, boolean training) {
    return synthesis.forward(ps, new NDList(PixelShuffle.shuffle(yHat, FOLD), snr), training).singletonOrThrow();
  }

  /** Unit average power per complex symbol over the features the mask keeps, per sample; zero elsewhere. */
  public static NDArray normalisePower(NDArray features, NDArray mask) {
    long b = features.getShape().get(0);
    NDArray kept = features.mul(mask);
    NDArray energy = kept.square().reshape(b, -1).sum(new int[] {1}, true);
    NDArray symbols = mask.reshape(b, -1).sum(new int[] {1}, true).div(2f);
    NDArray power = energy.div(symbols.maximum(1f)).add(1e-9f);
    return kept.div(power.sqrt().reshape(b, 1, 1, 1));
  }

  // ------------------------------------------------------------------ starting point

  /**
   * Starts g_a and g_s from a trained Deep JSCC network of the same width, and both JSCC stages as the
   * identity (their nonlinear paths' last layers zero). Deep JSCC's 24 channels become the first 24 trunk
   * channels, and the decoder's weights from the others start at zero, so at level 48 in every patch (the
   * uniform 1/16 frame) this network computes exactly what Deep JSCC does; the other trunk channels are
   * what the higher levels add, and start at zero. The entropy model keeps its initialisation.
   *
   * @throws IllegalArgumentException if y has fewer trunk channels than Deep JSCC's latent, the top
   *     level's features are not as many as y's channels, or a Deep JSCC tensor does not fit its
   *     counterpart (a larger width)
   */
  public void startFrom(DeepJsccNetwork deepJscc) {
    if (featureChannels != config.m() || config.trunkChannels() < DeepJsccNetwork.LATENT_CHANNELS) {
      throw new IllegalArgumentException("a network can start from Deep JSCC only if m = 2·top level and m ≥ "
          + FOLD * FOLD * DeepJsccNetwork.LATENT_CHANNELS + ": " + config);
    }
    copyInto(deepJscc.encoder(), analysis);
    copyInto(deepJscc.decoder(), synthesis);
    jsccEncoder.startAsIdentity();
    jsccDecoder.startAsIdentity();
  }

  /**
   * Copies every parameter of {@code from} into the same-named one of {@code to}; where {@code to} is
   * larger, into its leading corner, with zeros around it, so the extra channels add nothing until
   * trained. (Left at their random initialisation, the encoder's extra channels went out in every patch
   * above level 48 as noise and took the power normalisation's share from the trained ones: 18.5 dB in
   * training after 450 steps.)
   */
  private static void copyInto(Block from, Block to) {
    PairList<String, Parameter> source = from.getParameters(), target = to.getParameters();
    if (!source.keys().equals(target.keys())) {
      throw new IllegalArgumentException("different blocks: " + source.keys() + " vs " + target.keys());
    }
    for (int i = 0; i < source.size(); i++) {
      NDArray src = source.get(i).getValue().getArray(), dst = target.get(i).getValue().getArray();
      Shape s = src.getShape(), d = dst.getShape();
      if (s.dimension() != d.dimension()) {
        throw new IllegalArgumentException(source.get(i).getKey() + ": " + s + " does not fit " + d);
      }
      StringBuilder corner = new StringBuilder();
      for (int k = 0; k < s.dimension(); k++) {
        if (s.get(k) > d.get(k) || (k > 1 && s.get(k) != d.get(k))) {
          throw new IllegalArgumentException(source.get(i).getKey() + ": " + s + " does not fit " + d);
        }
        corner.append(k == 0 ? "" : ", ").append("0:").append(s.get(k));
      }
      if (!s.equals(d)) {
        dst.set(new NDIndex("..."), 0f);
      }
      dst.set(new NDIndex(corner.toString()), src.toType(dst.getDataType(), false));
    }
  }

  // ------------------------------------------------------------------ rate budget

  /** Bits the side info may need beyond ẑ's and the levels' ideal lengths: the range coder's flush. */
  public static final int SIDE_INFO_SLACK_BITS = 16;

  /**
   * Complex symbols the JSCC part may spend on a frame: the CBR's channel uses ⌊cbr·dimension⌋ minus an
   * upper bound on the side info's (the ẑ flag and ẑ's bits, the most the levels can cost, the coder's
   * slack, the check), carried at the CQI efficiency of the SNR. The codec and the trainer both budget
   * with this, so the network trains on the allocations it will meet.
   */
  public long symbolBudget(double cbr, long sourceDimension, double zBits, int patches, double snrDb) {
    long sideBound = (long) Math.ceil(1 + zBits + 1 + patches * maxLevelBits) + SIDE_INFO_SLACK_BITS
        + SideInfo.CHECK_BITS;
    return (long) Math.floor(cbr * sourceDimension) - CqiTable.channelUsesForBits(sideBound, snrDb);
  }

  /**
   * Training's allocation: per sample, the largest η whose levels fit {@link #symbolBudget} for that
   * sample's CBR and SNR, exactly as {@link ExplicitCodec} picks it. Returns symbols per patch [B,h,w].
   * The decision is discrete, so the result carries no gradient.
   */
  NDArray allocate(NDArray patchBits, NDArray bitsZ, NDArray cbr, NDArray snr) {
    Shape s = patchBits.getShape();
    int b = (int) s.get(0), patches = (int) (s.get(1) * s.get(2));
    long dimension = 3L * DOWNSAMPLE * DOWNSAMPLE * patches;
    float[] bits = patchBits.toFloatArray();
    float[] z = bitsZ.toFloatArray();
    float[] c = cbr.toFloatArray();
    float[] snrDb = snr.toFloatArray();
    float[] out = new float[bits.length];
    double[] sample = new double[patches];
    for (int i = 0; i < b; i++) {
      for (int p = 0; p < patches; p++) {
        sample[p] = bits[i * patches + p];
      }
      long budget = symbolBudget(c[i], dimension, z[i], patches, snrDb[i]);
      int[] chosen = allocator.fit(sample, budget).levelIndexes();
      for (int p = 0; p < patches; p++) {
        out[i * patches + p] = allocator.level(chosen[p]);
      }
    }
    return patchBits.getManager().create(out, s);
  }

  // ------------------------------------------------------------------ training forward

  /** Share of training samples sent without ẑ (0 by default; the trainer sets it). */
  private double hyperLatentDropRate;

  /** Trains that share of samples as frames whose transmitter left ẑ out; 0 trains every sample with ẑ. */
  public void trainWithoutHyperLatent(double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("share of samples without the hyper-latent must be in [0, 1]: " + share);
    }
    hyperLatentDropRate = share;
  }

  /**
   * What one training pass gives, by name (the block's {@code forward} returns them in this order).
   *
   * @param picture x̂ [B,3,H,W]
   * @param bitsZ bits of ẑ per sample [B] (side info, paid in channel uses)
   * @param bitsY bits of ŷ per sample [B] (a guide for the allocation, never sent)
   * @param symbols complex symbols the allocation sent per sample [B]
   */
  public record TrainingOutput(NDArray picture, NDArray bitsZ, NDArray bitsY, NDArray symbols) {
    static TrainingOutput of(NDList out) {
      return new TrainingOutput(out.get(0), out.get(1), out.get(2), out.get(3));
    }
  }

  /** The whole network, channel included, on a batch: what training optimises. */
  public TrainingOutput run(ParameterStore ps, NDArray x, NDArray snr, NDArray cbr, boolean training) {
    return TrainingOutput.of(forward(ps, new NDList(x, snr, cbr), training));
  }

  /** The same from a DJL trainer's forward. */
  public static TrainingOutput outputs(NDList forward) {
    return TrainingOutput.of(forward);
  }

  /**
   * Inputs: image [B,3,H,W], SNR [B,1] dB, target CBR [B,1]; outputs as {@link TrainingOutput}. The JSCC encoder sees y itself: analog
   * transmission needs no quantisation, and feeding it ŷ (y plus uniform noise) would cap the picture at
   * the source-coding quality the rate term chose. ŷ only prices the patches, and the rates' gradient
   * stops at y, so g_a cannot shrink y to make them look cheap and bits per patch stay a measure of
   * content at one quantisation step.
   */
  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray snr = inputs.get(1);
    NDArray cbr = inputs.get(2);
    long b = x.getShape().get(0);
    NDArray y = analyse(ps, x, snr, training);
    // The entropy model reads y but does not shape it: the rates train h_a, h_s and the bottleneck
    // to price each patch, while g_a answers to the distortion alone.
    NDArray measured = entropyLatent(y.stopGradient());
    NDArray z = hyperAnalyse(ps, measured, training);
    NDArray zNoisy = bottleneck.quantise(z, training);
    // σ is computed from round(z), as both ends of the codec do (gradient passed straight through): the
    // noisy stand-in is right for pricing z, but σ is also the JSCC decoder's context, and a decoder
    // trained on σ of z + U(−½, ½) would meet a different context at coding time.
    NDArray zRounded = z.add(z.round().sub(z).stopGradient());
    NDArray bitsZ = bottleneck.bits(ps, zNoisy, training).reshape(b, -1).sum(new int[] {1});
    NDArray bitsZSent = bitsZ;
    if (training && hyperLatentDropRate > 0) {
      // The transmitter leaves ẑ out when it costs more than it is worth (ExplicitCodec); both ends then
      // read σ from h_s(0). Samples trained that way teach the allocation and the decoder that context,
      // and their budget, like the codec's, is not charged for ẑ.
      NDArray kept = x.getManager().randomUniform(0f, 1f, new Shape(b, 1, 1, 1))
          .gte((float) hyperLatentDropRate).toType(z.getDataType(), false);
      zRounded = zRounded.mul(kept);
      bitsZSent = bitsZ.mul(kept.reshape(b));
    }
    NDArray sigma = scales(ps, zRounded, training);
    NDList yOut = conditional.forward(ps, new NDList(measured, sigma), training);
    NDArray patchBits = GaussianConditional.bits(yOut.get(0), sigma).sum(new int[] {1});
    NDArray bitsY = patchBits.reshape(b, -1).sum(new int[] {1});
    NDArray levels = allocate(patchBits, bitsZSent, cbr, snr);
    NDArray map = levelMap(levels);
    NDArray mask = channelMask(levels);
    NDArray sent = normalisePower(jsccEncode(ps, y, map, snr, training), mask);
    NDArray received = channel.forward(ps, new NDList(sent, snr), training).singletonOrThrow().mul(mask);
    // σ reaches the decoder as context only: were the distortion's gradient let through to h_s and h_a,
    // z would be trained as a second, digital channel, paid for in symbols the gradient cannot see.
    NDArray yHat = jsccDecode(ps, received, map, sigma.stopGradient(), snr, training);
    NDArray xHat = synthesise(ps, yHat, snr, training);
    NDArray symbols = levels.reshape(b, -1).sum(new int[] {1});
    return new NDList(xHat, bitsZ, bitsY, symbols);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    return new Shape[] {inputShapes[0], new Shape(b), new Shape(b), new Shape(b)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape snr = inputShapes[1];
    long b = x.get(0), h = x.get(2) / DOWNSAMPLE, w = x.get(3) / DOWNSAMPLE;
    if (h % HYPER_DOWNSAMPLE != 0 || w % HYPER_DOWNSAMPLE != 0 || h == 0 || w == 0) {
      throw new IllegalArgumentException("initialise with an image size that is a multiple of " + PAD + ": " + x);
    }
    Shape y = new Shape(b, config.m(), h, w);
    Shape z = new Shape(b, config.zChannels(), h / HYPER_DOWNSAMPLE, w / HYPER_DOWNSAMPLE);
    analysis.initialize(manager, dataType, x, snr);
    hyperAnalysis.initialize(manager, dataType, y);
    bottleneck.initialize(manager, dataType, z);
    hyperSynthesis.initialize(manager, dataType, z);
    conditional.initialize(manager, dataType, y, y);
    jsccEncoder.initialize(manager, dataType, new Shape(b, config.m() + 1, h, w), snr);
    Shape features = new Shape(b, featureChannels, h, w);
    channel.initialize(manager, dataType, features, snr);
    jsccDecoder.initialize(manager, dataType, new Shape(b, featureChannels + 1 + config.m(), h, w), snr);
    synthesis.initialize(manager, dataType,
        new Shape(b, config.trunkChannels(), h * FOLD, w * FOLD), snr);
  }

  /**
   * conv → SNR modulation → residual block → 1×1 projection, plus a linear 1×1 path from the input;
   * the shape of both JSCC stages. Without the linear path the first design's patch transforms were
   * cut off from each other by two narrow nonlinear stages, and it could not even learn a block
   * transform end to end (quality stalled near 19 dB at any SNR and rate); it also lets a stage start
   * as the identity ({@link #startAsIdentity}).
   */
  static final class JsccStage extends AbstractBlock {
    private final SequentialBlock stem;
    private final SnrModulation modulation;
    private final SequentialBlock head;
    private final Block linear;

    JsccStage(int width, int out, int stemKernel) {
      super((byte) 1);
      stem = addChildBlock("stem", new SequentialBlock()
          .add(Layers.conv(width, stemKernel, 1)).add(Activation.leakyReluBlock(0.1f)));
      modulation = addChildBlock("snr", new SnrModulation(width, 32));
      head = addChildBlock("head", new SequentialBlock()
          .add(new ResidualBlock(width))
          .add(Layers.conv(out, 1, 1)));
      linear = addChildBlock("linear", Layers.conv(out, 1, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
        PairList<String, Object> params) {
      NDList in = new NDList(inputs.get(0));
      NDArray f = stem.forward(ps, in, training).singletonOrThrow();
      f = modulation.forward(ps, new NDList(f, inputs.get(1)), training).singletonOrThrow();
      return new NDList(head.forward(ps, new NDList(f), training).singletonOrThrow()
          .add(linear.forward(ps, in, training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
      return head.getOutputShapes(stem.getOutputShapes(new Shape[] {in[0]}));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... in) {
      stem.initialize(manager, dataType, in[0]);
      Shape f = stem.getOutputShapes(new Shape[] {in[0]})[0];
      modulation.initialize(manager, dataType, f, in[1]);
      head.initialize(manager, dataType, f);
      linear.initialize(manager, dataType, in[0]);
    }

    /** Output = the first {@code out} input channels: the linear path the identity, the head's last layer zero. */
    void startAsIdentity() {
      NDArray weight = linear.getParameters().get("weight").getArray();
      long out = weight.getShape().get(0), in = weight.getShape().get(1);
      if (in < out) {
        throw new IllegalStateException("a stage with " + in + " inputs cannot pass " + out + " through");
      }
      float[] eye = new float[Math.toIntExact(weight.getShape().size())];
      for (int i = 0; i < out; i++) {
        eye[(int) (i * in + i)] = 1f;
      }
      weight.set(eye);
      linear.getParameters().get("bias").getArray().set(new NDIndex("..."), 0f);
      Block last = head.getChildren().get(head.getChildren().size() - 1).getValue();
      for (Parameter p : last.getParameters().values()) {
        p.getArray().set(new NDIndex("..."), 0f);
      }
    }
  }
}
