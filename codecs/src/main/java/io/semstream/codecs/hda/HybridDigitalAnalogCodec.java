package io.semstream.codecs.hda;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.FrameSizeCheck;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.api.TxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.classical.ClassicalCodec;
import io.semstream.codecs.classical.ClassicalHeader;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.codecs.softcast.Pilots;
import io.semstream.codecs.softcast.SoftCastCodec;
import io.semstream.codecs.softcast.YCbCr;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Hybrid digital-analog transmission: a digital base layer and an analog refinement of what it missed.
 *
 * <p>The base is the classical chain ({@link ClassicalCodec}: a standard image codec rate-controlled into
 * a share of the frame's channel uses, 5G NR LDPC and QAM at the MCS the link's SNR sustains). The
 * transmitter decodes its own payload, as the receiver will once the CRC passes, and sends the rest of the
 * picture, the difference in YCbCr, through SoftCast's linear analog layer ({@link SoftCastCodec#encodePlanes})
 * in the remaining channel uses. The receiver adds the LLSE estimate of the difference to the base.
 *
 * <p>Why both: the digital layer carries the coarse picture at close to the channel's capacity, which a
 * linear scheme at a CBR of 1/16 cannot (it must drop 7 of every 8 coefficients); the analog layer keeps
 * what the source codec threw away for the SNR to improve, so quality still grows above the MCS's
 * threshold instead of staying flat. The digital layer's share grows with the SNR ({@link DigitalShare}).
 * With a share of 0 it is SoftCast; with a share of 1, the classical chain. A frame whose source codec cannot fit the digital share (a tiny picture) goes all
 * analog, over a mid-grey base. Below the MCS's SNR the base is lost and so is the frame: the cliff is
 * the digital layer's, moved as low as the link adaptation's back-off allows.
 */
public final class HybridDigitalAnalogCodec implements Codec {
  public static final String FAMILY = "hda";
  /** Overrides the digital share with one fixed value, for measuring the choice on the training photos. */
  public static final String SHARE_PROPERTY = "semstream.hda.digitalShare";

  private final CodecInfo info;
  private final double cbr;
  private final DigitalShare share;
  private final ClassicalCodec digital;

  public HybridDigitalAnalogCodec(String id, double cbrTarget) {
    this(id, cbrTarget, ClassicalCodec.SourceCodec.J2K);
  }

  /** Over {@code source}, with the standard share. */
  public HybridDigitalAnalogCodec(String id, double cbrTarget, ClassicalCodec.SourceCodec source) {
    this(id, cbrTarget, source, standardShare());
  }

  static DigitalShare standardShare() {
    String value = System.getProperty(SHARE_PROPERTY);
    return value == null ? DigitalShare.STANDARD : DigitalShare.fixed(Double.parseDouble(value));
  }

  /**
   * @param source the base layer's image codec
   * @param share the share of the frame's channel uses the base layer may use, by link SNR
   */
  public HybridDigitalAnalogCodec(String id, double cbrTarget, ClassicalCodec.SourceCodec source, DigitalShare share) {
    if (!(cbrTarget > 0) || cbrTarget > 1) {
      throw new IllegalArgumentException("CBR target must be in (0, 1]: " + cbrTarget);
    }
    this.cbr = cbrTarget;
    this.share = share;
    this.info = info(id, cbrTarget, source, share);
    // Its CBR is unused: every frame's base layer is given its channel uses.
    this.digital = new ClassicalCodec(id, ClassicalCodec.Config.of(source, ClassicalCodec.Mode.LINK).withCbr(cbrTarget));
  }

  public static CodecInfo info(String id, double cbrTarget) {
    return info(id, cbrTarget, ClassicalCodec.SourceCodec.J2K);
  }

  public static CodecInfo info(String id, double cbrTarget, ClassicalCodec.SourceCodec source) {
    return info(id, cbrTarget, source, standardShare());
  }

  static CodecInfo info(String id, double cbrTarget, ClassicalCodec.SourceCodec source, DigitalShare share) {
    return new CodecInfo(id, FAMILY, cbrTarget, String.format(Locale.ROOT, "hybrid digital-analog: %s + 5G NR LDPC"
        + " at the link's MCS in %s of the channel uses, SoftCast of the remainder in the rest, CBR 1/%d",
        source.label(), share.describe(), Math.round(1 / cbrTarget)));
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  /**
   * The SNR the base layer's MCS (and the side info) is chosen for. On AWGN and fast fading, the link's.
   * Under block fading the transmitter knows the mean SNR, not this frame's gain, and a base sent at the
   * mean's MCS is lost whenever |h|² falls below about one, more than half the frames; so it is sent for
   * the SNR that all but {@link #OUTAGE} of the frames exceed: |h|² is exponential, P(|h|² < x) = 1 − e^(−x),
   * so the design SNR is the mean's + 10·log10(−ln(1 − outage)). The analog layer still gets the frame's
   * real SNR, and with it what the base could not carry.
   */
  public static double baseDesignSnrDb(LinkConditions link) {
    if (link.fading() != FadingModel.RAYLEIGH_BLOCK) {
      return link.snrDb();
    }
    return link.snrDb() + 10 * Math.log10(-Math.log1p(-outage()));
  }

  /**
   * The share of block-faded frames whose base may be lost. Chosen on 16 training photos at 10 dB, five
   * draws each (docs/TRAINING.md): 0.05, 0.1, 0.2 and 0.3 gave 28.79, 29.98, 29.07 and worse mean PSNR, a
   * lost frame counting as mid-grey.
   */
  public static final double OUTAGE = 0.10;
  /** Overrides {@link #OUTAGE}, for measuring the choice on the training photos. */
  public static final String OUTAGE_PROPERTY = "semstream.hda.outage";

  static double outage() {
    String value = System.getProperty(OUTAGE_PROPERTY);
    return value == null ? OUTAGE : Double.parseDouble(value);
  }

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    RgbImage image = frame.image();
    int w = image.width(), h = image.height();
    long total = (long) Math.floor(cbr * image.sourceDimension() + 1e-9);
    // Pilots go over both layers' symbols, from the packet's first, so they sit where the channel's
    // coherence blocks start; they are reserved for the most symbols the frame could have.
    Pilots pilots = SoftCastCodec.pilotsFor(link);
    if (pilots.present() && pilots.block() > total) {
      pilots = new Pilots(0); // a coherence block longer than the packet: one block per frame
    }
    long room = total - (pilots.total(total) - total);
    double baseSnr = baseDesignSnrDb(link);
    LinkConditions baseLink = baseSnr == link.snrDb() ? link
        : new LinkConditions(baseSnr, link.fading(), link.csiAtReceiver(), link.coherenceSymbols());
    long headerUses = CqiTable.channelUsesForBits(HdaHeader.BITS, baseSnr);
    long baseBudget = Math.min((long) Math.floor(share.forLink(link, baseSnr) * total), room - headerUses);
    TxPacket base = baseBudget > 0 ? digital.encodeWithin(frame, baseLink, baseBudget) : null;
    boolean sent = base != null && digital.lastFit().fits();
    float[] baseIq = sent ? Symbols.fromBytes(base.getSymbols()) : new float[0];
    byte[] baseSide = sent ? Bytes.of(base.getSideInfo()) : new byte[0];
    long baseUses = sent ? base.getChannelUses() : 0;
    float[][] residual = YCbCr.planes(image);
    if (sent) {
      int quality = ClassicalHeader.parse(base.getSideInfo()).jpegQuality();
      RgbImage received = digital.decodeSource(digital.lastFit().bytes(), w, h, quality, "its own base layer");
      subtract(residual, YCbCr.planes(received));
    } else {
      // Mid-grey base: the analog layer carries the whole picture.
      subtract(residual, greyPlanes(w * h));
    }
    long analogBudget = Math.max(0, room - headerUses - baseUses);
    SoftCastCodec.Encoding analog = SoftCastCodec.encodePlanes(residual, w, h, analogBudget, link.snrDb(), Pilots.NONE);
    if (analog.iq().length == 0 || analog.channelUses() > analogBudget) {
      // Not one chunk fits beside its side info: no analog layer at all.
      analog = new SoftCastCodec.Encoding(null, new byte[0], new float[0], 0);
    }

    byte[] header = new HdaHeader(baseSide.length, baseIq.length / 2, pilots).toBytes();
    byte[] side = concat(header, baseSide, analog.sideBytes());
    float[] data = Arrays.copyOf(baseIq, baseIq.length + analog.iq().length);
    System.arraycopy(analog.iq(), 0, data, baseIq.length, analog.iq().length);
    long symbols = data.length / 2;
    return TxPackets.of(frame, info.id(), link, pilots.insert(data), ByteBuffer.wrap(side), 8L * side.length,
        headerUses + baseUses + analog.channelUses() + (pilots.total(symbols) - symbols));
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    return decodeLayers(packet).image();
  }

  /** The receiver's picture and the SNR the analog layer's symbols effectively had (fading included). */
  public record Received(RgbImage image, double effectiveSnrDb) {}

  public Received decodeLayers(RxPacket packet) {
    int w = packet.getWidth(), h = packet.getHeight();
    FrameSizeCheck.requirePlausible(w, h);
    byte[] side = Bytes.of(packet.getSideInfo());
    HdaHeader header = HdaHeader.parse(side);
    float[] iq, gains = null;
    try {
      iq = Symbols.fromBytes(packet.getSymbols());
      if (packet.getCsiKnown() && packet.getFadingGains() != null) {
        gains = Symbols.fromBytes(packet.getFadingGains());
      }
    } catch (IllegalArgumentException e) {
      throw new CodecException(e.getMessage(), e);
    }
    if (gains != null && gains.length != iq.length) {
      throw new CodecException("hybrid packet has " + iq.length / 2 + " symbols and " + gains.length / 2 + " gains");
    }
    Pilots pilots = header.pilots();
    if (pilots.present() && iq.length > 0) {
      long data = pilots.dataFor(iq.length / 2);
      // Without CSI the pilots' estimate stands in for the gains, and both layers decode as with CSI.
      Pilots.Equalised eq = gains == null
          ? pilots.equalise(iq, data, StrictMath.pow(10, -packet.getSnrDb() / 10)) : pilots.dataOf(iq, gains, data);
      iq = eq.iq();
      gains = eq.gains();
    }
    long baseFloats = 2 * header.digitalSymbols();
    if (baseFloats > iq.length) {
      throw new CodecException("hybrid packet has " + iq.length / 2 + " data symbols; its header names "
          + header.digitalSymbols() + " digital symbols");
    }
    int split = (int) baseFloats;
    int analogSideAt = HdaHeader.BYTES + header.digitalSideBytes();

    float[][] base;
    if (header.digitalSideBytes() == 0) {
      base = greyPlanes(w * h);
    } else {
      RxPacket digitalPart = RxPacket.newBuilder(packet)
          .setSymbols(Symbols.toBytes(Arrays.copyOfRange(iq, 0, split)))
          .setCsiKnown(gains != null)
          .setFadingGains(gains == null ? null : Symbols.toBytes(Arrays.copyOfRange(gains, 0, split)))
          .setSideInfo(ByteBuffer.wrap(side, HdaHeader.BYTES, header.digitalSideBytes()).slice())
          .build();
      base = YCbCr.planes(digital.decode(digitalPart));
    }
    if (analogSideAt == side.length) {
      if (split != iq.length) {
        throw new CodecException("hybrid packet has " + (iq.length - split) / 2 + " analog symbols and no analog"
            + " side info");
      }
      return new Received(YCbCr.image(base, w, h), packet.getSnrDb());
    }
    SoftCastCodec.Planes residual = SoftCastCodec.decodePlanes(w, h,
        Arrays.copyOfRange(side, analogSideAt, side.length), Arrays.copyOfRange(iq, split, iq.length),
        gains == null ? null : Arrays.copyOfRange(gains, split, gains.length), packet.getSnrDb());
    for (int p = 0; p < 3; p++) {
      float[] b = base[p], r = residual.planes()[p];
      for (int i = 0; i < b.length; i++) {
        b[i] += r[i];
      }
    }
    return new Received(YCbCr.image(base, w, h), residual.effectiveSnrDb());
  }

  private static float[][] greyPlanes(int n) {
    return new float[][] {new float[n], new float[n], new float[n]};
  }

  private static void subtract(float[][] a, float[][] b) {
    for (int p = 0; p < 3; p++) {
      for (int i = 0; i < a[p].length; i++) {
        a[p][i] -= b[p][i];
      }
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Override
  public void close() {
    digital.close();
  }
}
