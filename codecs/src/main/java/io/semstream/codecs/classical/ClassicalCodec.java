package io.semstream.codecs.classical;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.FrameSizeCheck;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.api.TxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.classical.source.FfmpegRateControl;
import io.semstream.codecs.classical.source.J2kRateControl;
import io.semstream.codecs.classical.source.JpegRateControl;
import io.semstream.codecs.classical.source.RateControlResult;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.codecs.nr.LdpcDecoder;
import io.semstream.codecs.nr.McsTable;
import io.semstream.codecs.nr.NrBitPipe;
import io.semstream.codecs.nr.QamModulator;
import io.semstream.codecs.nr.TransportBlockCoder;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The classical separated baseline (DESIGN §5): a standard image codec, then either a real 5G NR link
 * or the ideal separation bound.
 *
 * <p><b>LINK</b>: the MCS is a row of the PDSCH MCS tables (TS 38.214 §5.1.3.1, {@link McsTable}):
 * modulation order Qm and code rate R, the densest row whose threshold plus a 1 dB back-off the design
 * SNR meets (the most robust row when none is; {@link McsTable#forDesignSnr}). The thresholds are the
 * 10 % BLER AWGN SNRs measured for this very chain by {@link LinkAdaptationCalibration}: link adaptation
 * for the receiver actually deployed, so a frame holds at and above the design SNR and is lost soon
 * below it. The frame's budget is CBR·W·H·3 channel
 * uses; the 64-bit {@link ClassicalHeader} (which names the MCS row) travels
 * as side info and is charged {@code CqiTable.channelUsesForBits(64, link SNR)} of them (the receiver's
 * accounting does the same), the rest carry data: G = symbols·Qm coded bits, room for a transport block
 * of about G·R bits. The image codec is rate-controlled to fit that block (less its CRCs), which then
 * goes through the 38.212 chain ({@link TransportBlockCoder}: CRC, segmentation, LDPC, rate matching),
 * scrambling (38.211 §7.3.1.1) and QAM. The receiver demaps (max-log; MMSE-equalised symbols with their
 * gains when it has CSI), decodes, and either the CRC passes and the picture is exact, or the frame is
 * lost ({@link FrameLostException}): the cliff.
 *
 * <p><b>BOUND</b>: the same image codec at the bit budget capacity allows, channel uses ×
 * log2(1 + SNR) bits (the header included), delivered without error as long as the channel's SNR is
 * at least the design SNR. No symbols are sent: the payload rides in the side info as the stand-in for a
 * capacity-achieving code, and {@code channelUses} is the whole budget.
 *
 * <p>Design SNR: NaN means "the SNR the transmitter is told" ({@link LinkConditions#snrDb()}), i.e.
 * perfect link adaptation; a number fixes the MCS (or the bound's rate) whatever the channel does.
 *
 * <p>Not thread-safe (the LDPC decoder reuses buffers).
 */
public final class ClassicalCodec implements Codec {
  public static final String FAMILY = "classical";
  public static final double DEFAULT_CBR = 1.0 / 16;
  /** c_init of the bit scrambler: a fixed RNTI·2^15 + data scrambling id, as one UE of one cell. */
  public static final int SCRAMBLING_INIT = (0x4601 << 15) | 0x2A;

  /** The image codec; HEVC and AV1 run through the ffmpeg executable, when it is installed. */
  public enum SourceCodec {
    JPEG("JPEG"), J2K("JPEG 2000"), HEVC("HEVC intra"), AV1("AV1 intra");

    private final String label;

    SourceCodec(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Why it cannot run on this machine, or empty. */
    public Optional<String> unavailable() {
      return switch (this) {
        case JPEG, J2K -> Optional.empty();
        case HEVC -> FfmpegRateControl.Format.HEVC.unavailable();
        case AV1 -> FfmpegRateControl.Format.AV1.unavailable();
      };
    }
  }

  public enum Mode { LINK, BOUND }

  /**
   * @param source image codec
   * @param mode LINK (LDPC + QAM) or BOUND (capacity)
   * @param cbr channel uses per source dimension, header included
   * @param designSnrDb SNR the MCS (or the bound's rate) is chosen for; NaN = the link's SNR
   * @param maxIterations LDPC decoder iterations
   * @param normalisation min-sum normalisation factor
   */
  public record Config(SourceCodec source, Mode mode, double cbr, double designSnrDb, int maxIterations,
      float normalisation) {
    public Config {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(mode, "mode");
      if (!(cbr > 0 && cbr <= 64)) {
        throw new IllegalArgumentException("CBR must be in (0, 64], got " + cbr);
      }
      if (designSnrDb == Double.NEGATIVE_INFINITY) {
        throw new IllegalArgumentException("design SNR must be a number, +Infinity or NaN (= the link's SNR)");
      }
    }

    public static Config of(SourceCodec source, Mode mode) {
      return new Config(source, mode, DEFAULT_CBR, Double.NaN, LdpcDecoder.DEFAULT_MAX_ITERATIONS,
          LdpcDecoder.DEFAULT_NORMALISATION);
    }

    public Config withDesignSnr(double db) {
      return new Config(source, mode, cbr, db, maxIterations, normalisation);
    }

    public Config withCbr(double value) {
      return new Config(source, mode, value, designSnrDb, maxIterations, normalisation);
    }

    public Config withMaxIterations(int iterations) {
      return new Config(source, mode, cbr, designSnrDb, iterations, normalisation);
    }
  }

  /**
   * What a frame of a given size gets at a given link SNR.
   *
   * @param designSnrDb the SNR the MCS or rate is chosen for
   * @param channelUses the frame's whole budget: floor(CBR·W·H·3)
   * @param headerUses channel uses charged for the 64-bit header (LINK), 0 for BOUND (inside the bits)
   * @param dataSymbols QAM symbols of data (LINK), 0 for BOUND
   * @param mcs the MCS (LINK), null for BOUND
   * @param qam the modulation (LINK), null for BOUND
   * @param codeRate R of the MCS (LINK), 0 for BOUND
   * @param payloadBits bits the image codec may use (a multiple of 8)
   */
  public record Budget(double designSnrDb, long channelUses, long headerUses, long dataSymbols, McsTable.Mcs mcs,
      QamModulator qam, double codeRate, long payloadBits) {
    public long payloadBytes() {
      return payloadBits / 8;
    }
  }

  private final Config config;
  private final CodecInfo info;
  private final TransportBlockCoder coder;
  private RateControlResult lastFit;

  public ClassicalCodec(String id, Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.info = new CodecInfo(id, FAMILY, config.cbr(), describe(config));
    this.coder = new TransportBlockCoder(new LdpcDecoder(config.maxIterations(), config.normalisation()));
  }

  private static String describe(Config c) {
    String source = c.source().label();
    String snr = Double.isNaN(c.designSnrDb()) ? "the link SNR" : String.format(Locale.ROOT, "%.1f dB", c.designSnrDb());
    String cbr = String.format(Locale.ROOT, "CBR %s", fraction(c.cbr()));
    return c.mode() == Mode.LINK
        ? source + " + 5G NR LDPC + QAM at the MCS our decoder sustains at " + snr + ", " + cbr + "; a failed CRC loses the frame"
        : source + " at the capacity bit budget (channel uses x log2(1 + SNR)) of " + snr + ", " + cbr
            + "; the ideal separation bound";
  }

  private static String fraction(double cbr) {
    double inv = 1 / cbr;
    return Math.abs(inv - Math.rint(inv)) < 1e-9 ? "1/" + Math.round(inv) : String.format(Locale.ROOT, "%.4f", cbr);
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  public Config config() {
    return config;
  }

  /** The rate control of the last {@link #encode} (quality used, bytes, or "does not fit"). */
  public RateControlResult lastFit() {
    return lastFit;
  }

  /** The budget of a W×H frame when the transmitter is told {@code linkSnrDb}. */
  public Budget budget(int width, int height, double linkSnrDb) {
    return budget(width, height, linkSnrDb, (long) Math.floor(config.cbr() * width * (long) height * 3 + 1e-9));
  }

  /** The budget of a W×H frame given {@code uses} channel uses in all, header included. */
  public Budget budget(int width, int height, double linkSnrDb, long uses) {
    double design = Double.isNaN(config.designSnrDb()) ? linkSnrDb : config.designSnrDb();
    if (config.mode() == Mode.BOUND) {
      double bits = capacityBits(uses, design) - ClassicalHeader.BITS;
      long payload = bits <= 0 ? 0 : (long) Math.min(bits, 8L * Integer.MAX_VALUE) / 8 * 8;
      return new Budget(design, uses, 0, 0, null, null, 0, payload);
    }
    McsTable.Mcs mcs = McsTable.forDesignSnr(design);
    QamModulator qam = mcs.qam();
    double rate = mcs.codeRate();
    long headerUses = CqiTable.channelUsesForBits(ClassicalHeader.BITS, linkSnrDb);
    long data = Math.max(0, uses - headerUses);
    long g = data * qam.bitsPerSymbol();
    if (g > Integer.MAX_VALUE) {
      throw new CodecException("frame " + width + "x" + height + " needs more coded bits than one packet can hold");
    }
    long payload = data == 0 ? 0 : TransportBlockCoder.maxPayloadBits((int) g, qam.bitsPerSymbol(), rate);
    return new Budget(design, uses, headerUses, data, mcs, qam, rate, payload);
  }

  /** floor(uses · log2(1 + SNR)): the bits AWGN capacity carries in that many channel uses; 0 for NaN. */
  public static double capacityBits(long uses, double snrDb) {
    if (Double.isNaN(snrDb)) {
      return 0;
    }
    double perUse = Math.log1p(Math.pow(10, snrDb / 10)) / Math.log(2);
    return Math.floor(uses * perUse);
  }

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    return encode(frame, link, budget(frame.image().width(), frame.image().height(), link.snrDb()));
  }

  /** Encodes into {@code channelUses} channel uses (header included) instead of the configured CBR's. */
  public TxPacket encodeWithin(SourceFrame frame, LinkConditions link, long channelUses) {
    return encode(frame, link, budget(frame.image().width(), frame.image().height(), link.snrDb(), channelUses));
  }

  private TxPacket encode(SourceFrame frame, LinkConditions link, Budget budget) {
    RgbImage image = frame.image();
    RateControlResult fit = budget.payloadBytes() > 0
        ? fitSource(image, budget.payloadBytes())
        : new RateControlResult(new byte[0], 0, false, 0, -1);
    lastFit = fit;
    byte[] payload = fit.fits() ? fit.bytes() : new byte[0];
    int quality = config.source() == SourceCodec.JPEG && fit.fits() ? (int) fit.quality() : 0;
    int mcsIndex = budget.mcs() == null ? 0 : budget.mcs().index();
    ClassicalHeader header = new ClassicalHeader(config.source(), config.mode(), mcsIndex, quality, payload.length);

    float[] iq = new float[0];
    ByteBuffer sideInfo;
    long uses;
    if (config.mode() == Mode.BOUND) {
      byte[] side = new byte[ClassicalHeader.BYTES + payload.length];
      System.arraycopy(header.toBytes(), 0, side, 0, ClassicalHeader.BYTES);
      System.arraycopy(payload, 0, side, ClassicalHeader.BYTES, payload.length);
      sideInfo = ByteBuffer.wrap(side);
      uses = fit.fits() ? budget.channelUses() : CqiTable.channelUsesForBits(ClassicalHeader.BITS, link.snrDb());
    } else {
      sideInfo = ByteBuffer.wrap(header.toBytes());
      if (fit.fits()) {
        iq = NrBitPipe.transmit(payload, NrBitPipe.Plan.forMcs(budget.mcs(), budget.dataSymbols()));
        uses = budget.headerUses() + budget.dataSymbols();
      } else {
        uses = budget.headerUses();
      }
    }
    return TxPackets.of(frame, info.id(), link, iq, sideInfo, ClassicalHeader.BITS, uses);
  }

  private RateControlResult fitSource(RgbImage image, long budgetBytes) {
    return switch (config.source()) {
      case JPEG -> JpegRateControl.fit(image, budgetBytes);
      case J2K -> J2kRateControl.fit(image, budgetBytes);
      case HEVC -> FfmpegRateControl.fit(FfmpegRateControl.Format.HEVC, image, budgetBytes);
      case AV1 -> FfmpegRateControl.fit(FfmpegRateControl.Format.AV1, image, budgetBytes);
    };
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    int width = packet.getWidth();
    int height = packet.getHeight();
    FrameSizeCheck.requirePlausible(width, height);
    ClassicalHeader header = ClassicalHeader.parse(packet.getSideInfo());
    if (header.source() != config.source() || header.mode() != config.mode()) {
      throw new CodecException("packet was encoded as " + header.source() + "/" + header.mode() + ", this codec is "
          + config.source() + "/" + config.mode());
    }
    if (header.payloadBytes() == 0) {
      throw new FrameLostException(FrameLostException.Reason.DOES_NOT_FIT, "frame " + packet.getSeq()
          + " was not sent: the " + config.source() + " encoder cannot fit it into the bit budget even at its lowest quality");
    }
    byte[] payload = config.mode() == Mode.BOUND ? boundPayload(packet, header) : linkPayload(packet, header);
    return decodeSource(payload, width, height, header.jpegQuality(), "frame " + packet.getSeq());
  }

  /**
   * The picture a payload of this codec's source codec holds, as the receiver draws it once the bits are
   * through (a transmitter that needs what its receiver will see calls it on {@link #lastFit}'s bytes).
   */
  public RgbImage decodeSource(byte[] payload, int width, int height, int jpegQuality, String what) {
    try {
      RgbImage image = switch (config.source()) {
        case JPEG -> JpegRateControl.decode(payload, width, height, jpegQuality);
        case J2K -> J2kRateControl.decode(payload);
        case HEVC -> FfmpegRateControl.decode(FfmpegRateControl.Format.HEVC, payload, width, height);
        case AV1 -> FfmpegRateControl.decode(FfmpegRateControl.Format.AV1, payload, width, height);
      };
      if (image.width() != width || image.height() != height) {
        throw new CodecException(config.source() + " payload decoded to " + image.width() + "x" + image.height()
            + ", packet says " + width + "x" + height);
      }
      return image;
    } catch (IllegalArgumentException | IllegalStateException | java.io.IOException e) {
      throw new CodecException("cannot decode the " + config.source() + " payload of " + what + ": " + e.getMessage(),
          e);
    }
  }

  private byte[] boundPayload(RxPacket packet, ClassicalHeader header) {
    ByteBuffer side = packet.getSideInfo().duplicate();
    if (side.remaining() != ClassicalHeader.BYTES + header.payloadBytes()) {
      throw new CodecException("bound packet carries " + (side.remaining() - ClassicalHeader.BYTES)
          + " payload bytes, its header says " + header.payloadBytes());
    }
    double snr = packet.getSnrDb();
    double capacityBits = capacityBits(packet.getChannelUses(), snr);
    long sent = ClassicalHeader.BITS + 8 * header.payloadBytes();
    if (sent > capacityBits) {
      throw new FrameLostException(FrameLostException.Reason.ABOVE_CAPACITY, String.format(Locale.ROOT,
          "frame %d: %d bits in %d channel uses exceed the capacity at %.2f dB (%.0f bits)", packet.getSeq(), sent,
          packet.getChannelUses(), snr, capacityBits));
    }
    side.position(side.position() + ClassicalHeader.BYTES);
    byte[] payload = new byte[(int) header.payloadBytes()];
    side.get(payload);
    return payload;
  }

  private byte[] linkPayload(RxPacket packet, ClassicalHeader header) {
    float[] iq;
    try {
      iq = Symbols.fromBytes(packet.getSymbols());
    } catch (IllegalArgumentException e) {
      throw new CodecException(e.getMessage(), e);
    }
    if (header.payloadBytes() > Integer.MAX_VALUE / 8 || iq.length == 0) {
      throw new CodecException("classical packet has " + iq.length / 2 + " symbols for " + header.payloadBytes()
          + " payload bytes");
    }
    float[] gains = null;
    ByteBuffer gainBytes = packet.getFadingGains();
    if (packet.getCsiKnown() && gainBytes != null) {
      try {
        gains = Symbols.fromBytes(gainBytes);
      } catch (IllegalArgumentException e) {
        throw new CodecException("fading gains: " + e.getMessage(), e);
      }
    }
    NrBitPipe.Plan plan = NrBitPipe.Plan.forMcsIndex(header.mcs(), iq.length / 2);
    return NrBitPipe.receive(coder, iq, gains, packet.getSnrDb(), plan, header.payloadBytes(),
        "frame " + packet.getSeq());
  }

  @Override
  public void close() {
    // nothing held
  }
}
