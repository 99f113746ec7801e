package io.semstream.codecs.explicit;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.AdaptiveEncoder;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.FrameSizeCheck;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.api.TxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.delta.ModelDeltaCodec;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.entropy.Cdf;
import io.semstream.codecs.entropy.GaussianConditional;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.layers.Tensors;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Explicit NeurJSCC as a {@link Codec}: analog JSCC symbols, variable per 16×16 patch, plus digital side
 * info (ẑ and the per-patch levels, range-coded) charged at the CQI table's efficiency for the SNR.
 *
 * <p>The transmitter computes σ from the quantised ẑ it sends, as the receiver does, so its rate
 * decisions rest on what the receiver will know. The receiver never recomputes those decisions: the
 * levels travel explicitly, so float differences between two machines' h_s cannot desynchronise the
 * mask; at worst they nudge the σ context the JSCC decoder sees.
 *
 * <p>Frames are mirror-padded to a multiple of {@link ExplicitNetwork#PAD} and cropped back; the CBR is
 * counted against the unpadded H·W·3, so the padding's symbols are paid for. The symbols are first
 * fitted to ⌊CBR·H·W·3⌋ minus an upper bound on the side info's channel uses, then to what the actual
 * side info leaves, so the measured CBR never exceeds the target and little of it goes unused.
 */
public final class ExplicitCodec implements AdaptiveEncoder {
  public static final String FAMILY = "explicit-neurjscc";
  /** ẑ values in [−Z_RANGE, Z_RANGE] have table entries; others are escaped. */
  public static final int Z_RANGE = 32;
  /**
   * ẑ travels only when its channel uses are at most this share of the frame's; otherwise its bits go
   * to symbols and both ends read σ from h_s(0), a context the network is trained on as well
   * ({@code train --without-z}). Zero, because with the shipped weights ẑ buys the decoder less than the
   * symbols it displaces at every SNR and both rates (CHANGELOG, 2026-11-23). A constant, not a hard-wired
   * omission, because that trade belongs to the weights.
   */
  public static final double HYPER_LATENT_MAX_SHARE = 0;

  private final CodecInfo info;
  private final double cbr;
  private final Model model;
  private final ExplicitNetwork net;
  private final ParameterStore parameters;
  private final Cdf[] zTables;
  private final Cdf levelTable;

  /** Uses the given model (which this codec then owns and closes); its block is an {@link ExplicitNetwork}. */
  public ExplicitCodec(String id, double cbrTarget, Model model) {
    if (!(cbrTarget > 0) || cbrTarget > 1) {
      throw new IllegalArgumentException("CBR target must be in (0, 1]: " + cbrTarget);
    }
    this.cbr = cbrTarget;
    this.info = info(id, cbrTarget);
    this.model = model;
    this.net = (ExplicitNetwork) model.getBlock();
    this.parameters = new ParameterStore(model.getNDManager(), false);
    // Built once from the weights in strict Java arithmetic: identical at every transmitter and receiver.
    this.zTables = net.bottleneck().tables(Z_RANGE);
    this.levelTable = SideInfo.levelTable(net.allocator().count());
  }

  public static CodecInfo info(String id, double cbrTarget) {
    return new CodecInfo(id, FAMILY, cbrTarget,
        "Explicit NeurJSCC: hyperprior-driven variable-length JSCC, SNR-adaptive, CBR " + cbrTarget, true);
  }

  /** A new model holding a randomly initialised network (seeded); the caller closes it. */
  public static Model newModel(ExplicitNetwork.Config config, long seed) {
    Model model = NativeEngine.newModel("explicit-neurjscc");
    ExplicitNetwork net = new ExplicitNetwork(config);
    model.setBlock(net);
    NativeEngine.initialiseSeeded(seed, () -> net.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, 3, ExplicitNetwork.PAD, ExplicitNetwork.PAD), new Shape(1, 1), new Shape(1, 1)));
    return model;
  }

  /** A codec with random weights, for tests and as the starting point of training. */
  public static ExplicitCodec randomlyInitialised(String id, double cbrTarget, ExplicitNetwork.Config config,
      long seed) {
    return new ExplicitCodec(id, cbrTarget, newModel(config, seed));
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  public ExplicitNetwork network() {
    return net;
  }

  /**
   * Everything the transmitter decided for one frame, before it became a packet; {@code budget} is the
   * symbols the CBR left beside the side info actually sent.
   */
  public record Encoding(SideInfo sideInfo, byte[] sideInfoBytes, double[] patchBits,
      RateAllocator.Allocation allocation, float[] iq, long channelUses, long budget) {}

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    return encode(frame, link, cbr);
  }

  /**
   * Encodes at another CBR than the preset's, for a transmitter that must leave room in its budget
   * (model deltas paid for by the frames around them, as {@code eval --adapt} does at equal total CBR).
   */
  public TxPacket encode(SourceFrame frame, LinkConditions link, double cbrTarget) {
    RgbImage image = frame.image();
    Encoding e = analyse(image, link.snrDb(), cbrTarget);
    return TxPackets.of(frame, info.id(), link, e.iq(), ByteBuffer.wrap(e.sideInfoBytes()),
        8L * e.sideInfoBytes().length, e.channelUses());
  }

  /** The transmitter's work for one frame, exposed so tests and tools can inspect its decisions. */
  public Encoding analyse(RgbImage image, double snrDb) {
    return analyse(image, snrDb, cbr);
  }

  /** {@link #analyse(RgbImage, double)} at the given CBR instead of the preset's. */
  public Encoding analyse(RgbImage image, double snrDb, double cbr) {
    if (!(cbr > 0) || cbr > 1) {
      throw new IllegalArgumentException("CBR must be in (0, 1]: " + cbr);
    }
    RgbImage padded = image.padToMultiple(ExplicitNetwork.PAD);
    int h = padded.height() / ExplicitNetwork.DOWNSAMPLE, w = padded.width() / ExplicitNetwork.DOWNSAMPLE;
    int patches = h * w;
    int zCount = net.config().zChannels() * (h / ExplicitNetwork.HYPER_DOWNSAMPLE) * (w / ExplicitNetwork.HYPER_DOWNSAMPLE);
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray x = Tensors.toTensor(scope, padded);
      NDArray snr = snrTensor(scope, snrDb);
      NDArray y = net.analyse(parameters, x, snr, false);
      NDArray entropyLatent = net.entropyLatent(y);
      NDArray yHat = entropyLatent.round();
      long total = (long) Math.floor(cbr * image.sourceDimension());
      // Without ẑ (all zeros) both ends read σ from h_s(0). Any ẑ costs at least one channel use, so at a
      // share of 0 none qualifies and h_a need not run at all.
      int[] zHat = new int[zCount];
      double zBits = 0;
      if (HYPER_LATENT_MAX_SHARE > 0) {
        int[] candidate = toInts(NonFiniteOutputException.requireFinite(
            net.hyperAnalyse(parameters, entropyLatent, false).round().toFloatArray(), "the hyper-analysis"));
        double bits = 0;
        for (int i = 0; i < zCount; i++) {
          bits += zTables[i / (zCount / zTables.length)].codeLength(candidate[i]);
        }
        if (CqiTable.channelUsesForBits((long) Math.ceil(bits), snrDb) <= HYPER_LATENT_MAX_SHARE * total) {
          zHat = candidate;
          zBits = bits;
        }
      }
      NDArray sigma = net.scales(parameters, zTensor(scope, zHat, h, w), false);
      double[] patchBits = patchBits(toInts(NonFiniteOutputException.requireFinite(yHat.toFloatArray(),
          "the analysis transform")), NonFiniteOutputException.requireFinite(sigma.toFloatArray(), "the hyperprior"),
          patches);

      long budget = net.symbolBudget(cbr, image.sourceDimension(), zBits, patches, snrDb);
      RateAllocator.Allocation allocation = net.allocator().fit(patchBits, budget);
      SideInfo side = new SideInfo(zHat, allocation.levelIndexes());
      byte[] sideBytes = side.encode(zTables, levelTable);
      // The budget assumed the levels' worst-case coding; give what the real side info left over back
      // to the symbols, as long as the frame still fits the CBR with the new levels' side info. A try
      // that fits is kept and the rest offered again; one that does not is retried with half. At 1–2 dB
      // a level bit costs about three channel uses, and a single try left 17 % of a 1/48 frame unused.
      long sideUses = CqiTable.channelUsesForBits(8L * sideBytes.length, snrDb);
      long spare = total - allocation.symbols() - sideUses;
      for (int attempt = 0; attempt < 8 && spare > 0; attempt++) {
        RateAllocator.Allocation wider = net.allocator().fit(patchBits, allocation.symbols() + spare);
        SideInfo widerSide = new SideInfo(zHat, wider.levelIndexes());
        byte[] widerBytes = widerSide.encode(zTables, levelTable);
        long widerSideUses = CqiTable.channelUsesForBits(8L * widerBytes.length, snrDb);
        if (wider.symbols() + widerSideUses <= total && wider.symbols() > allocation.symbols()) {
          allocation = wider;
          side = widerSide;
          sideBytes = widerBytes;
          sideUses = widerSideUses;
          spare = total - wider.symbols() - widerSideUses;
        } else {
          spare /= 2;
        }
      }

      NDArray levels = levelsTensor(scope, allocation.levelIndexes(), h, w);
      NDArray features = net.jsccEncode(parameters, y, net.levelMap(levels), snr, false);
      float[] iq = gather(NonFiniteOutputException.requireFinite(features.toFloatArray(), "the JSCC encoder"),
          allocation.levelIndexes(), patches);
      if (iq.length > 0) {
        double power = Symbols.normalise(iq);
        if (!(power > 0) || Double.isInfinite(power)) {
          throw new CodecException("encoder produced no usable signal energy (power " + power + ")");
        }
      }
      return new Encoding(side, sideBytes, patchBits, allocation, iq, iq.length / 2 + sideUses, total - sideUses);
    }
  }

  /** The side info of a packet, decoded; throws {@link CodecException} if it is not readable. */
  public SideInfo readSideInfo(RxPacket packet) {
    Geometry g = geometry(packet.getWidth(), packet.getHeight());
    byte[] bytes = Bytes.of(packet.getSideInfo());
    if (packet.getSideInfoBits() != 8L * bytes.length) {
      throw new CodecException("side info is " + bytes.length + " bytes but the packet declares "
          + packet.getSideInfoBits() + " bits");
    }
    return SideInfo.decode(bytes, zTables, g.zCount, g.patches, levelTable);
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    int width = packet.getWidth(), height = packet.getHeight();
    Geometry g = geometry(width, height);
    SideInfo side = readSideInfo(packet);
    int[] levelIndexes = side.levelIndexes();
    long expected = net.allocator().symbols(levelIndexes);
    float[] iq;
    try {
      iq = Symbols.fromBytes(packet.getSymbols());
    } catch (IllegalArgumentException e) {
      throw new CodecException(e.getMessage(), e);
    }
    if (iq.length / 2 != expected) {
      throw new CodecException("packet has " + iq.length / 2 + " symbols; its side info's levels need " + expected);
    }
    float[] received = scatter(iq, levelIndexes, g.patches);
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray snr = snrTensor(scope, packet.getSnrDb());
      NDArray sigma = net.scales(parameters, zTensor(scope, side.zHat(), g.h, g.w), false);
      NDArray levels = levelsTensor(scope, levelIndexes, g.h, g.w);
      NDArray features = scope.create(received, new Shape(1, net.featureChannels(), g.h, g.w));
      NDArray yHat = net.jsccDecode(parameters, features, net.levelMap(levels), sigma, snr, false);
      RgbImage full = Tensors.toImage(net.synthesise(parameters, yHat, snr, false));
      return full.width() == width && full.height() == height ? full : full.crop(0, 0, width, height);
    }
  }

  private record Geometry(int h, int w, int patches, int zCount) {}

  private Geometry geometry(int width, int height) {
    FrameSizeCheck.requirePlausible(width, height);
    int pad = ExplicitNetwork.PAD;
    int hp = (height + pad - 1) / pad * pad, wp = (width + pad - 1) / pad * pad;
    int h = hp / ExplicitNetwork.DOWNSAMPLE, w = wp / ExplicitNetwork.DOWNSAMPLE;
    int zCount = net.config().zChannels() * (h / ExplicitNetwork.HYPER_DOWNSAMPLE) * (w / ExplicitNetwork.HYPER_DOWNSAMPLE);
    return new Geometry(h, w, h * w, zCount);
  }

  /** Bits per patch: Σ over channels of the scale table's code length of round(y) under σ. */
  private static double[] patchBits(int[] yq, float[] sigma, int patches) {
    double[] perElement = GaussianConditional.codeLengths(yq, sigma);
    double[] bits = new double[patches];
    for (int i = 0; i < perElement.length; i++) {
      bits[i % patches] += perElement[i];
    }
    return bits;
  }

  /** Patch p's symbol s is (feature 2s, feature 2s+1) at p: the first 2·level features of each patch. */
  private float[] gather(float[] features, int[] levelIndexes, int patches) {
    RateAllocator a = net.allocator();
    float[] iq = new float[(int) (2 * a.symbols(levelIndexes))];
    int k = 0;
    for (int p = 0; p < patches; p++) {
      for (int j = 0; j < 2 * a.level(levelIndexes[p]); j++) {
        iq[k++] = features[j * patches + p];
      }
    }
    return iq;
  }

  private float[] scatter(float[] iq, int[] levelIndexes, int patches) {
    RateAllocator a = net.allocator();
    float[] features = new float[net.featureChannels() * patches];
    int k = 0;
    for (int p = 0; p < patches; p++) {
      for (int j = 0; j < 2 * a.level(levelIndexes[p]); j++) {
        features[j * patches + p] = iq[k++];
      }
    }
    return features;
  }

  private NDArray levelsTensor(NDManager scope, int[] levelIndexes, int h, int w) {
    float[] v = new float[levelIndexes.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = net.allocator().level(levelIndexes[i]);
    }
    return scope.create(v, new Shape(1, h, w));
  }

  private NDArray zTensor(NDManager scope, int[] zHat, int h, int w) {
    float[] v = new float[zHat.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = zHat[i];
    }
    return scope.create(v, new Shape(1, net.config().zChannels(),
        h / ExplicitNetwork.HYPER_DOWNSAMPLE, w / ExplicitNetwork.HYPER_DOWNSAMPLE));
  }

  private static NDArray snrTensor(NDManager scope, double snrDb) {
    return Tensors.snr(scope, snrDb);
  }

  /** Rounded floats to ints; callers have checked that they are finite. */
  private static int[] toInts(float[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }

  // ------------------------------------------------------------------ the transmitter's mirror (AdaptiveEncoder)

  /** The model this codec owns (and closes), e.g. to open scopes on its manager. */
  public Model model() {
    return model;
  }

  /**
   * The receiver's inputs for one encoded frame with the channel left out, as [1, ...] tensors: the sent
   * features at unit power (zeros where a patch sent nothing), the mask of sent features, the level map,
   * σ from ẑ, and the SNR as the decoder sees it (clamped).
   */
  public record DecoderInputs(NDArray sent, NDArray mask, NDArray levelMap, NDArray sigma, NDArray snr) {}

  /**
   * {@link #decode} is jsccDecode((sent + channel noise)·mask, levelMap, σ, snr), then synthesise and the
   * crop to width×height; these are its inputs for {@code e} (a frame of that size), so a fine-tuner that
   * adds its own noise trains the decoder on exactly what the receiver will be fed.
   */
  public DecoderInputs decoderInputs(NDManager scope, Encoding e, int width, int height, double snrDb) {
    Geometry g = geometry(width, height);
    int[] levelIndexes = e.allocation().levelIndexes();
    NDArray levels = levelsTensor(scope, levelIndexes, g.h, g.w);
    NDArray sent = scope.create(scatter(e.iq(), levelIndexes, g.patches),
        new Shape(1, net.featureChannels(), g.h, g.w));
    NDArray sigma = net.scales(parameters, zTensor(scope, e.sideInfo().zHat(), g.h, g.w), false);
    return new DecoderInputs(sent, net.channelMask(levels), net.levelMap(levels), sigma, snrTensor(scope, snrDb));
  }

  @Override
  public float[] adaptableValues() {
    return adaptable().read();
  }

  @Override
  public void setAdaptableValues(float[] values) {
    requireSubsetSize(values);
    adaptable().write(values);
  }

  @Override
  public Group encodeGroup(List<RgbImage> frames, double snrDb, double cbrTarget) {
    return EncodedGroup.encode(this, frames, snrDb, cbrTarget);
  }

  @Override
  public double groupDistortion(Group group, long noiseSeed) {
    EncodedGroup g = ownGroup(group);
    double n0Half = Math.pow(10, -g.snrDb() / 10) / 2;
    double total = 0;
    for (int i = 0; i < g.size(); i++) {
      SplittableRandom rng = new SplittableRandom(noiseSeed ^ (0x9E3779B97F4A7C15L * (i + 1)));
      try (NDManager scope = NativeEngine.scope(model)) {
        EncodedGroup.Batch b = g.batch(scope, new int[] {i}, 0, null);
        float[] noise = new float[Math.toIntExact(b.sent().size())];
        for (int j = 0; j < noise.length; j++) {
          noise[j] = (float) (rng.nextGaussian() * Math.sqrt(n0Half));
        }
        NDArray received = b.sent().add(scope.create(noise, b.sent().getShape())).mul(b.mask());
        NDArray yHat = net.jsccDecode(parameters, received, b.levelMap(), b.sigma(), b.decoderSnr(), false);
        RgbImage decoded = Tensors.toImage(net.synthesise(parameters, yHat, b.decoderSnr(), false));
        total += squaredError(g.original(i), decoded);
      }
    }
    return total;
  }

  @Override
  public FineTuning fineTune(Group group, float[] base, float[] start, FineTuningPlan plan, SplittableRandom rng) {
    requireSubsetSize(base);
    requireSubsetSize(start);
    return new DecoderFineTuner(this, adaptable()).tune(ownGroup(group), base, start, plan, rng);
  }

  private EncodedGroup ownGroup(Group group) {
    if (!(group instanceof EncodedGroup g)) {
      throw new IllegalArgumentException("not a group this codec encoded: " + group);
    }
    return g;
  }

  /** Σ ((a − b)/255)² over the reference's samples; the decoded picture may be larger (padding). */
  private static double squaredError(RgbImage reference, RgbImage decoded) {
    long sum = 0;
    for (int y = 0; y < reference.height(); y++) {
      for (int x = 0; x < reference.width(); x++) {
        for (int c = 0; c < 3; c++) {
          int d = reference.get(x, y, c) - decoded.get(x, y, c);
          sum += (long) d * d;
        }
      }
    }
    return sum / (255.0 * 255.0);
  }

  // ------------------------------------------------------------------ receiver-side adaptation (AdaptiveDecoder)

  /** The subset model deltas move ({@link AdaptableParameters#decoderDefaults}, as the transmitter's adapter). */
  private AdaptableParameters adaptable;
  /** The subset's values when first asked for: the loaded weights, for a codec fresh from the registry. */
  private float[] shipped;

  private AdaptableParameters adaptable() {
    if (adaptable == null) {
      adaptable = AdaptableParameters.decoderDefaults(net);
      shipped = adaptable.read();
    }
    return adaptable;
  }

  @Override
  public float[] baseParameters() {
    adaptable();
    return shipped.clone();
  }

  @Override
  public float[] applyDelta(byte[] payload, float[] parameters) {
    requireSubsetSize(parameters);
    try {
      return ModelDeltaCodec.decode(payload, parameters).applied();
    } catch (CodecException e) {
      throw new CodecException("model delta payload of " + payload.length
          + " bytes is malformed, truncated or built for another subset: " + e.getMessage(), e);
    }
  }

  /**
   * Writes the vector into the network, decodes, and writes back what was there, so one instance serves
   * streams at different versions and a transmitter's mirror keeps its own values. Skips both writes when
   * the network already holds the vector (bit for bit), the usual case of a stream at version 0.
   */
  @Override
  public RgbImage decode(RxPacket packet, float[] parameters) {
    requireSubsetSize(parameters);
    AdaptableParameters subset = adaptable();
    float[] held = subset.read();
    if (Arrays.equals(held, parameters)) {
      return decode(packet);
    }
    subset.write(parameters);
    try {
      return decode(packet);
    } finally {
      subset.write(held);
    }
  }

  private void requireSubsetSize(float[] parameters) {
    int size = adaptable().size();
    if (parameters.length != size) {
      throw new CodecException("parameter vector has " + parameters.length + " values; codec " + info.id()
          + " adapts " + size);
    }
  }
}
