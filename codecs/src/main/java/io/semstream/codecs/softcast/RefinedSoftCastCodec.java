package io.semstream.codecs.softcast;

import ai.djl.Model;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * SoftCast with a learned receiver: the transmitter and the channel symbols are SoftCast's
 * ({@link SoftCastCodec}), unchanged, and so is the receiver's LLSE picture; a network conditioned on the
 * SNR and the CBR ({@link Refiner}) then corrects it, taking out noise and restoring detail the dropped
 * chunks carried. It contains the linear scheme: with the refiner's output layer at zero it is SoftCast.
 */
public final class RefinedSoftCastCodec implements Codec {
  public static final String FAMILY = "softcast-refined";

  private final SoftCastCodec linear;
  private final CodecInfo info;
  private final PictureRefiner refiner;

  public RefinedSoftCastCodec(String id, double cbrTarget) {
    this(id, cbrTarget, RefinerModel.SOFTCAST.load());
  }

  /** Uses the given model (which this codec then owns and closes). */
  public RefinedSoftCastCodec(String id, double cbrTarget, Model model) {
    this.linear = new SoftCastCodec(id, cbrTarget);
    this.info = info(id, cbrTarget);
    this.refiner = new PictureRefiner(model);
  }

  public static CodecInfo info(String id, double cbrTarget) {
    return new CodecInfo(id, FAMILY, cbrTarget, "SoftCast's linear analog transmitter and LLSE, refined by a learned"
        + " SNR- and CBR-aware receiver network, CBR 1/" + Math.round(1 / cbrTarget));
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    return linear.encode(frame, link);
  }

  /**
   * Under fading the network is told the SNR the symbols effectively had (the link's times the mean |h|²
   * the receiver knew or estimated from pilots), which is what the LLSE picture's noise reflects.
   */
  @Override
  public RgbImage decode(RxPacket packet) {
    SoftCastCodec.Linear llse = linear.decodeLinear(packet);
    return refine(llse.image(), llse.effectiveSnrDb(), info.cbrTarget());
  }

  /** The network's correction of a linear reconstruction received at {@code snrDb} and {@code cbr}. */
  public RgbImage refine(RgbImage llse, double snrDb, double cbr) {
    return refiner.refine(llse, snrDb, cbr);
  }

  public Model model() {
    return refiner.model();
  }

  @Override
  public void close() {
    refiner.close();
  }
}
