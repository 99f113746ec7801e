package io.semstream.codecs.implicit;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.api.ScalableDecoder;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.api.TxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;

/**
 * Implicit NeurJSCC for pictures: each 16×16 patch ({@link PatchGrid}) is a function (x, y) → RGB, represented
 * by the meta-learned frame {@link SirenField} and a latent fitted to the patch at the transmitter (the
 * {@link LatentFitter}'s few steps from zero). The first d entries of every patch's latent go out analog, two to
 * a channel use, scaled by the latent prior to unit power on average; d is what the CBR allows. The receiver
 * estimates the latents linearly (LLSE from the prior, the SNR and, when it knows them, the fading gains) and
 * renders the field, at the source's resolution or any other ({@link ScalableDecoder}).
 *
 * <p>Without CSI on a fading link the receiver decodes as if the channel were AWGN: this family sends no pilots.
 */
public final class ImplicitFrameCodec implements Codec, ScalableDecoder {
  public static final String FAMILY = "implicit";
  /** Patches fitted or rendered together: bounds the native memory of one pass (about 20 MB a layer). */
  static final int PATCHES_A_PASS = 256;
  /** The largest scale drawn: 8× a 768×512 frame is already 6144×4096. */
  public static final double MAX_SCALE = 8;

  private final CodecInfo info;
  private final double cbr;
  private final Model model;
  private final SirenField field;
  private final LatentPrior prior;
  private final LatentFitter fitter;
  private final int fitSteps;

  /** The shipped frame field. */
  public ImplicitFrameCodec(String id, double cbr) {
    this(id, cbr, ImplicitModel.FRAME.load(), ImplicitModel.FRAME.loadPrior(), ImplicitModel.FIT_STEPS);
  }

  /** Takes ownership of {@code model}: {@link #close} closes it. */
  public ImplicitFrameCodec(String id, double cbr, Model model, LatentPrior prior, int fitSteps) {
    this.field = (SirenField) model.getBlock();
    if (field.config().inputs() != 2 || field.config().outputs() != 3) {
      model.close();
      throw new IllegalArgumentException("the frame codec needs a field (x, y) -> RGB");
    }
    if (prior.std().length != field.config().latent()) {
      model.close();
      throw new IllegalArgumentException("a latent prior of " + prior.std().length + " entries for a latent of "
          + field.config().latent());
    }
    if (!(cbr > 0) || cbr > maxCbr(field.config())) {
      model.close();
      throw new IllegalArgumentException("the implicit frame codec fills CBR up to " + maxCbr(field.config())
          + ", not " + cbr);
    }
    this.info = info(id, cbr);
    this.cbr = cbr;
    this.model = model;
    this.prior = prior;
    this.fitter = new LatentFitter(field, ImplicitModel.FIT_LEARNING_RATE);
    this.fitSteps = fitSteps;
  }

  public static CodecInfo info(String id, double cbr) {
    return new CodecInfo(id, FAMILY, cbr, "implicit NeurJSCC: a meta-learned sine field per 16x16 patch, its "
        + "latent fitted at the transmitter and sent analog; renders at any scale");
  }

  /** Two latent entries a channel use, over a patch's 16·16·3 values. */
  public static double maxCbr(FieldConfig config) {
    return config.latent() / 2.0 / (PatchGrid.SIDE * PatchGrid.SIDE * 3);
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  /** Latent entries sent per patch: two per channel use of the frame's budget, shared evenly by the patches. */
  int active(PatchGrid grid, long sourceDimension) {
    long uses = (long) Math.floor(cbr * sourceDimension + 1e-9);
    return (int) Math.min(field.config().latent(), 2 * uses / grid.patches());
  }

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    RgbImage image = frame.image();
    PatchGrid grid = new PatchGrid(image.width(), image.height());
    int d = active(grid, image.sourceDimension());
    float[] iq = d > 0 ? prior.send(fit(grid.values(image), grid.patches(), d), grid.patches(), d)
        : new float[0];
    return TxPackets.of(frame, info.id(), link, iq, ByteBuffer.allocate(0), 0, iq.length / 2);
  }

  /** The fitted latents [patches × latent] of the patches' values, {@code active} entries each. */
  private float[] fit(float[] values, int patches, int active) {
    int points = PatchGrid.SIDE * PatchGrid.SIDE, latent = field.config().latent();
    float[] z = new float[patches * latent];
    try (NDManager scope = NativeEngine.scope(model)) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray features = FourierFeatures.pixels(scope, field.config(), PatchGrid.SIDE);
      for (int from = 0; from < patches; from += PATCHES_A_PASS) {
        int n = Math.min(PATCHES_A_PASS, patches - from);
        try (NDManager pass = scope.newSubManager()) {
          float[] slice = new float[n * points * 3];
          System.arraycopy(values, from * points * 3, slice, 0, slice.length);
          NDArray targets = pass.create(slice, new Shape(n, points, 3));
          float[] fitted = fitter.fit(pass, ps, features, targets, active, fitSteps).toFloatArray();
          System.arraycopy(fitted, 0, z, from * latent, fitted.length);
        }
      }
    }
    return NonFiniteOutputException.requireFinite(z, "the implicit frame encoder's latent fit");
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    return decode(packet, 1);
  }

  @Override
  public double renderedScale(double scale) {
    return (double) points(scale) / PatchGrid.SIDE;
  }

  private static int points(double scale) {
    if (!(scale > 0) || scale > MAX_SCALE) {
      throw new IllegalArgumentException("a scale must be above 0 and at most " + MAX_SCALE + ", got " + scale);
    }
    return Math.max(1, (int) Math.round(PatchGrid.SIDE * scale));
  }

  @Override
  public RgbImage decode(RxPacket packet, double scale) {
    int q = points(scale);
    PatchGrid grid = new PatchGrid(packet.getWidth(), packet.getHeight());
    int d = active(grid, (long) packet.getWidth() * packet.getHeight() * 3);
    float[] y = Symbols.fromBytes(packet.getSymbols());
    if (y.length < grid.patches() * d) {
      throw new CodecException("packet " + packet.getSeq() + " has " + y.length + " reals for " + grid.patches()
          + " patches x " + d + " latent entries");
    }
    float[] gains = packet.getCsiKnown() && packet.getFadingGains() != null
        ? Symbols.fromBytes(packet.getFadingGains()) : null;
    float[] z = prior.receive(y, gains, Math.pow(10, -packet.getSnrDb() / 10), grid.patches(), d);
    return grid.picture(render(z, grid.patches(), q), q);
  }

  /** The field of each latent at q×q points, [patches × q² × 3]. */
  private float[] render(float[] z, int patches, int q) {
    int latent = field.config().latent();
    float[] out = new float[patches * q * q * 3];
    try (NDManager scope = NativeEngine.scope(model)) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray features = FourierFeatures.pixels(scope, field.config(), q);
      // fewer patches a pass as the points per patch grow, so a pass stays as large as at scale 1
      int perPass = Math.max(1, PATCHES_A_PASS * PatchGrid.SIDE * PatchGrid.SIDE / (q * q));
      for (int from = 0; from < patches; from += perPass) {
        int n = Math.min(perPass, patches - from);
        try (NDManager pass = scope.newSubManager()) {
          float[] slice = new float[n * latent];
          System.arraycopy(z, from * latent, slice, 0, slice.length);
          float[] values = field.render(ps, features, pass.create(slice, new Shape(n, latent)), false).toFloatArray();
          System.arraycopy(values, 0, out, from * q * q * 3, values.length);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
