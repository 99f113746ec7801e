package io.semstream.codecs.deepjscc;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.FrameSizeCheck;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.api.TxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.layers.Tensors;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The first codec: Deep JSCC, analog symbols only (no side info). Frames of any size are padded by
 * mirroring to a multiple of 8 and cropped back; the CBR is counted against the unpadded size, so
 * the padding's symbols are paid for.
 */
public final class DeepJsccCodec implements Codec {
  public static final String FAMILY = "deep-jscc";

  private final String id;
  private final int channels;
  private final CodecInfo info;
  private final Model model;
  private final DeepJsccNetwork net;
  private final ParameterStore parameters;

  public DeepJsccCodec(DeepJsccPreset preset) {
    this(preset, DeepJsccModel.load());
  }

  /** Uses the given model (which this codec then owns and closes). */
  public DeepJsccCodec(DeepJsccPreset preset, Model model) {
    this(preset.id(), preset.channels(), model);
  }

  /**
   * Any CBR up to 1/16 by channel truncation: the first {@link #channelsFor} latent channels, the
   * importance order training gave them. The shipped network was trained on 24 and 8 channels; other
   * counts are truncations it was not trained for.
   */
  public DeepJsccCodec(String id, double cbr) {
    this(id, channelsFor(cbr), DeepJsccModel.load());
  }

  private DeepJsccCodec(String id, int channels, Model model) {
    if (channels < 1 || channels > DeepJsccNetwork.LATENT_CHANNELS) {
      model.close();
      throw new IllegalArgumentException("Deep JSCC sends 1 to " + DeepJsccNetwork.LATENT_CHANNELS
          + " latent channels, not " + channels);
    }
    this.id = id;
    this.channels = channels;
    this.info = info(id, cbrOf(channels));
    this.model = model;
    this.net = (DeepJsccNetwork) model.getBlock();
    this.parameters = new ParameterStore(model.getNDManager(), false);
  }

  public static CodecInfo info(DeepJsccPreset preset) {
    return info(preset.id(), preset.cbr());
  }

  public static CodecInfo info(String id, double cbr) {
    return new CodecInfo(id, FAMILY, cbr, "Deep JSCC conv autoencoder, SNR-adaptive, analog symbols, CBR "
        + fraction(cbr) + " (" + channelsFor(cbr) + " of " + DeepJsccNetwork.LATENT_CHANNELS + " latent channels)");
  }

  /** The most latent channels whose CBR (k / 384) does not exceed {@code cbr}. */
  public static int channelsFor(double cbr) {
    return (int) Math.floor(cbr * 2 * DeepJsccNetwork.DOWNSAMPLE * DeepJsccNetwork.DOWNSAMPLE * 3 + 1e-9);
  }

  private static double cbrOf(int channels) {
    return channels / (2.0 * DeepJsccNetwork.DOWNSAMPLE * DeepJsccNetwork.DOWNSAMPLE * 3);
  }

  private static String fraction(double cbr) {
    return "1/" + Math.round(1 / cbr);
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    RgbImage image = frame.image();
    RgbImage padded = image.padToMultiple(DeepJsccNetwork.DOWNSAMPLE);
    float[] iq;
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray x = Tensors.toTensor(scope, padded);
      NDArray snr = Tensors.snr(scope, link.snrDb());
      NDArray z = net.encoder().forward(parameters, new NDList(x, snr), false).singletonOrThrow();
      float[] values = NonFiniteOutputException.requireFinite(z.get(":, 0:" + channels).toFloatArray(), "the encoder");
      // An odd count of real values (an odd channel count on an odd number of positions) fills the last
      // complex symbol's quadrature with zero.
      iq = values.length % 2 == 0 ? values : Arrays.copyOf(values, values.length + 1);
    }
    double power = Symbols.normalise(iq);
    if (!(power > 0)) {
      throw new CodecException("encoder produced no signal energy for " + frame.streamId() + "#" + frame.seq());
    }
    long uses = iq.length / 2;
    return TxPackets.of(frame, id, link, iq, ByteBuffer.allocate(0), 0, uses);
  }

  /** Complex symbols this codec sends for a frame of the given size. */
  public long symbolsFor(int width, int height) {
    long h = (height + DeepJsccNetwork.DOWNSAMPLE - 1) / DeepJsccNetwork.DOWNSAMPLE;
    long w = (width + DeepJsccNetwork.DOWNSAMPLE - 1) / DeepJsccNetwork.DOWNSAMPLE;
    return (channels * h * w + 1) / 2;
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    int width = packet.getWidth();
    int height = packet.getHeight();
    FrameSizeCheck.requirePlausible(width, height);
    float[] iq;
    try {
      iq = Symbols.fromBytes(packet.getSymbols());
    } catch (IllegalArgumentException e) {
      throw new CodecException(e.getMessage(), e);
    }
    long expected = symbolsFor(width, height);
    if (iq.length / 2 != expected) {
      throw new CodecException("packet has " + iq.length / 2 + " symbols; " + id + " sends "
          + expected + " for " + width + "x" + height);
    }
    int h = (height + DeepJsccNetwork.DOWNSAMPLE - 1) / DeepJsccNetwork.DOWNSAMPLE;
    int w = (width + DeepJsccNetwork.DOWNSAMPLE - 1) / DeepJsccNetwork.DOWNSAMPLE;
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray sent = scope.create(Arrays.copyOf(iq, channels * h * w), new Shape(1, channels, h, w));
      NDArray latent = sent;
      int missing = DeepJsccNetwork.LATENT_CHANNELS - channels;
      if (missing > 0) {
        latent = sent.concat(scope.zeros(new Shape(1, missing, h, w)), 1);
      }
      NDArray snr = Tensors.snr(scope, packet.getSnrDb());
      NDArray y = net.decoder().forward(parameters, new NDList(latent, snr), false).singletonOrThrow();
      RgbImage full = Tensors.toImage(y);
      return full.width() == width && full.height() == height ? full : full.crop(0, 0, width, height);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
