package io.semstream.codecs.hda;

import ai.djl.Model;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.softcast.PictureRefiner;
import io.semstream.codecs.softcast.RefinerModel;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * The hybrid digital-analog codec with a learned receiver: the transmitter and both layers are
 * {@link HybridDigitalAnalogCodec}'s, unchanged; a network conditioned on the SNR and the CBR (the
 * {@code Refiner} design, with weights of its own, {@link RefinerModel#HDA}) then corrects the sum of
 * the base and the analog estimate: the source codec's ringing and blur, the analog layer's noise. Its
 * output layer starts at zero, so untrained it is the hybrid codec bit for bit.
 */
public final class RefinedHdaCodec implements Codec {
  public static final String FAMILY = "hda-refined";

  private final HybridDigitalAnalogCodec hybrid;
  private final PictureRefiner refiner;
  private final CodecInfo info;

  public RefinedHdaCodec(String id, double cbrTarget) {
    this(id, cbrTarget, RefinerModel.HDA.load());
  }

  /** Uses the given model (which this codec then owns and closes). */
  public RefinedHdaCodec(String id, double cbrTarget, Model model) {
    this.hybrid = new HybridDigitalAnalogCodec(id, cbrTarget);
    this.refiner = new PictureRefiner(model);
    this.info = info(id, cbrTarget);
  }

  public static CodecInfo info(String id, double cbrTarget) {
    return new CodecInfo(id, FAMILY, cbrTarget, HybridDigitalAnalogCodec.info(id, cbrTarget).description()
        + "; refined by a learned SNR- and CBR-aware receiver network");
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    return hybrid.encode(frame, link);
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    HybridDigitalAnalogCodec.Received received = hybrid.decodeLayers(packet);
    return refiner.refine(received.image(), received.effectiveSnrDb(), info.cbrTarget());
  }

  @Override
  public void close() {
    refiner.close();
    hybrid.close();
  }
}
