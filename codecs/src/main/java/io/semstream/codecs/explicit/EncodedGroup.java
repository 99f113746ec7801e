package io.semstream.codecs.explicit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.api.AdaptiveEncoder;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.layers.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A group of frames encoded once by the transmitter, kept as the receiver's decoder inputs (Java arrays).
 *
 * <p>Adaptation never touches the encoder, so what is sent for these frames does not change while the
 * decoder is tuned; encoding them once, exactly as {@link ExplicitCodec} does (rounded ŷ, the real
 * allocation), saves the encoder's work at every step and trains the decoder on the inputs it will meet
 * rather than on the training forward's noisy-ŷ stand-in. Tensors are built per use in the caller's
 * scope, so everything computed from them is freed with that scope.
 */
final class EncodedGroup implements AdaptiveEncoder.Group {
  private static final int PATCH = ExplicitNetwork.DOWNSAMPLE;

  /** One frame: the padded picture [3, 16h, 16w] and the decoder inputs [C, h, w]. */
  private record Frame(RgbImage original, float[] picture, float[] sent, float[] mask, float[] levelMap,
      float[] sigma, float decoderSnr) {}

  /** Tensors for a batch of (possibly cropped) frames. */
  record Batch(NDArray picture, NDArray sent, NDArray mask, NDArray levelMap, NDArray sigma, NDArray decoderSnr,
      NDArray channelSnr) {}

  private final List<Frame> frames;
  private final int rows;
  private final int cols;
  private final int features;
  private final int latent;
  private final double snrDb;
  private final long channelUses;
  private final long sourceDimension;

  private EncodedGroup(List<Frame> frames, int rows, int cols, int features, int latent, double snrDb,
      long channelUses, long sourceDimension) {
    this.frames = frames;
    this.rows = rows;
    this.cols = cols;
    this.features = features;
    this.latent = latent;
    this.snrDb = snrDb;
    this.channelUses = channelUses;
    this.sourceDimension = sourceDimension;
  }

  /** Encodes every frame with the codec (all of one size) at the SNR and the codec's CBR. */
  static EncodedGroup encode(ExplicitCodec codec, List<RgbImage> images, double snrDb) {
    return encode(codec, images, snrDb, codec.info().cbrTarget());
  }

  /** Encodes every frame with the codec (all of one size) at the SNR and the given CBR. */
  static EncodedGroup encode(ExplicitCodec codec, List<RgbImage> images, double snrDb, double cbr) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one frame");
    }
    int width = images.get(0).width(), height = images.get(0).height();
    ExplicitNetwork net = codec.network();
    List<Frame> frames = new ArrayList<>();
    long uses = 0, dimension = 0;
    int rows = 0, cols = 0;
    for (RgbImage image : images) {
      if (image.width() != width || image.height() != height) {
        throw new IllegalArgumentException("frames of a group must share a size: " + width + "x" + height
            + " and " + image.width() + "x" + image.height());
      }
      ExplicitCodec.Encoding e = codec.analyse(image, snrDb, cbr);
      uses += e.channelUses();
      dimension += image.sourceDimension();
      RgbImage padded = image.padToMultiple(ExplicitNetwork.PAD);
      rows = padded.height() / PATCH;
      cols = padded.width() / PATCH;
      try (NDManager scope = NativeEngine.scope(codec.model())) {
        ExplicitCodec.DecoderInputs in = codec.decoderInputs(scope, e, width, height, snrDb);
        frames.add(new Frame(image, Tensors.toChw(padded), in.sent().toFloatArray(), in.mask().toFloatArray(),
            in.levelMap().toFloatArray(), in.sigma().toFloatArray(), in.snr().getFloat()));
      }
    }
    return new EncodedGroup(frames, rows, cols, net.featureChannels(), net.config().m(), snrDb, uses, dimension);
  }

  @Override
  public int size() {
    return frames.size();
  }

  RgbImage original(int frame) {
    return frames.get(frame).original();
  }

  @Override
  public double snrDb() {
    return snrDb;
  }

  @Override
  public long channelUses() {
    return channelUses;
  }

  @Override
  public long sourceDimension() {
    return sourceDimension;
  }

  /**
   * The chosen frames, each cropped to a random window of {@code cropPatches}² patches (at most the whole
   * frame; 0 = whole frame). A window of latent positions and the pixels they decode to is a valid input:
   * both decoder stages are fully convolutional and need no multiple of {@link ExplicitNetwork#PAD}.
   */
  Batch batch(NDManager scope, int[] chosen, int cropPatches, SplittableRandom rng) {
    int ch = cropPatches <= 0 ? rows : Math.min(cropPatches, rows);
    int cw = cropPatches <= 0 ? cols : Math.min(cropPatches, cols);
    int b = chosen.length;
    float[] picture = new float[b * 3 * ch * PATCH * cw * PATCH];
    float[] sent = new float[b * features * ch * cw];
    float[] mask = new float[sent.length];
    float[] levelMap = new float[b * ch * cw];
    float[] sigma = new float[b * latent * ch * cw];
    float[] decoderSnr = new float[b];
    float[] channelSnr = new float[b];
    for (int i = 0; i < b; i++) {
      Frame f = frames.get(chosen[i]);
      int r0 = rng == null ? 0 : rng.nextInt(rows - ch + 1);
      int c0 = rng == null ? 0 : rng.nextInt(cols - cw + 1);
      copyWindow(f.picture(), 3, rows * PATCH, cols * PATCH, r0 * PATCH, c0 * PATCH, ch * PATCH, cw * PATCH,
          picture, i);
      copyWindow(f.sent(), features, rows, cols, r0, c0, ch, cw, sent, i);
      copyWindow(f.mask(), features, rows, cols, r0, c0, ch, cw, mask, i);
      copyWindow(f.levelMap(), 1, rows, cols, r0, c0, ch, cw, levelMap, i);
      copyWindow(f.sigma(), latent, rows, cols, r0, c0, ch, cw, sigma, i);
      decoderSnr[i] = f.decoderSnr();
      channelSnr[i] = (float) snrDb;
    }
    return new Batch(
        scope.create(picture, new Shape(b, 3, ch * PATCH, cw * PATCH)),
        scope.create(sent, new Shape(b, features, ch, cw)),
        scope.create(mask, new Shape(b, features, ch, cw)),
        scope.create(levelMap, new Shape(b, 1, ch, cw)),
        scope.create(sigma, new Shape(b, latent, ch, cw)),
        scope.create(decoderSnr, new Shape(b, 1)),
        scope.create(channelSnr, new Shape(b, 1)));
  }

  /** Copies window [r0, r0+h) × [c0, c0+w) of a [channels, rows, cols] array into batch item {@code item}. */
  private static void copyWindow(float[] src, int channels, int srcRows, int srcCols, int r0, int c0, int h, int w,
      float[] dst, int item) {
    int base = item * channels * h * w;
    for (int c = 0; c < channels; c++) {
      for (int r = 0; r < h; r++) {
        System.arraycopy(src, (c * srcRows + r0 + r) * srcCols + c0, dst, base + (c * h + r) * w, w);
      }
    }
  }
}
