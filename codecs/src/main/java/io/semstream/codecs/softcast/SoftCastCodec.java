package io.semstream.codecs.softcast;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.FrameSizeCheck;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.api.TxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.Bytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The training-free linear analog baseline, after SoftCast (Jakubczak and Katabi): the whole frame's
 * orthonormal DCT per YCbCr component, cut into 16×16 chunks of coefficients; the chunks that carry the
 * most RGB error, as many as fit the CBR beside their side info, go out scaled by (w/λ)^¼ (λ the chunk's
 * variance, w its component's weight in RGB squared error), which minimises the receiver's error for a
 * given power at high SNR; two coefficients to a complex symbol, at unit power. The receiver forms the
 * linear least-squares estimate of every coefficient from its chunk's variance, the gain it was sent with
 * and the noise (and, under fading with CSI, the channel gain it knows), leaves unsent chunks at zero, and
 * inverts the DCT. Graceful by construction: every step is linear, so quality follows the SNR smoothly.
 *
 * <p>The side info ({@link SideInfo}) is range-coded and paid in channel uses at the CQI efficiency of
 * the link's SNR, as every codec's is. Any frame size, any CBR: a frame is one set of chunks, and the CBR
 * only decides how many of them travel.
 */
public final class SoftCastCodec implements Codec {
  public static final String FAMILY = "softcast";

  private final CodecInfo info;
  private final double cbr;

  public SoftCastCodec(String id, double cbrTarget) {
    if (!(cbrTarget > 0) || cbrTarget > 1) {
      throw new IllegalArgumentException("CBR target must be in (0, 1]: " + cbrTarget);
    }
    this.cbr = cbrTarget;
    this.info = info(id, cbrTarget);
  }

  public static CodecInfo info(String id, double cbrTarget) {
    return new CodecInfo(id, FAMILY, cbrTarget, "SoftCast-style linear analog: full-frame DCT, chunks scaled by"
        + " λ^-1/4, LLSE receiver, no training, CBR 1/" + Math.round(1 / cbrTarget));
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  /** The transmitter's decisions for one frame: its side info (coded), symbols and channel uses. */
  public record Encoding(SideInfo side, byte[] sideBytes, float[] iq, long channelUses) {}

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    Encoding e = analyse(frame.image(), link.snrDb(), pilotsFor(link));
    return TxPackets.of(frame, info.id(), link, e.iq(), ByteBuffer.wrap(e.sideBytes()), 8L * e.sideBytes().length,
        e.channelUses());
  }

  /** Pilots when the link fades in blocks and the receiver does not know the gains; none otherwise. */
  public static Pilots pilotsFor(LinkConditions link) {
    boolean blind = link.fading() == FadingModel.RAYLEIGH_BLOCK && !link.csiAtReceiver();
    return blind && link.coherenceSymbols() != 1 ? new Pilots(link.coherenceSymbols()) : Pilots.NONE;
  }

  Encoding analyse(RgbImage image, double snrDb) {
    return analyse(image, snrDb, Pilots.NONE);
  }

  Encoding analyse(RgbImage image, double snrDb, Pilots pilots) {
    long budget = (long) Math.floor(cbr * image.sourceDimension());
    return encodePlanes(YCbCr.planes(image), image.width(), image.height(), budget, snrDb, pilots);
  }

  /**
   * SoftCast of any three zero-centred YCbCr planes (a picture, or what is left of one after another
   * layer) within {@code budget} channel uses, side info and pilots included.
   */
  public static Encoding encodePlanes(float[][] planes, int w, int h, long budget, double snrDb, Pilots pilots) {
    Chunks chunks = new Chunks(w, h);
    float[][] coefficients = new float[3][];
    for (int p = 0; p < 3; p++) {
      coefficients[p] = Dct.forward(planes[p], w, h);
    }
    int n = chunks.count();
    double[] energy = new double[n];
    int[] levels = new int[n];
    for (int c = 0; c < n; c++) {
      energy[c] = energy(coefficients[chunks.component(c)], chunks, c);
      levels[c] = SideInfo.level(energy[c] / chunks.size(c));
    }
    // Most RGB error first: a chunk's weight times its (quantised) variance, ties by number.
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -importance(chunks, levels, c))
        .thenComparingInt(c -> c));
    // The search prices the side info with a placeholder power level; the coded length can differ by a
    // byte, so the final frame is checked and one chunk fewer sent while it does not fit.
    for (int k = largestThatFits(chunks, order, levels, budget, snrDb, pilots); ; k--) {
      Encoding e = encodeChunks(chunks, coefficients, energy, levels, order, k, snrDb, pilots);
      if (e.channelUses() <= budget || k == 0) {
        return e;
      }
    }
  }

  private static Encoding encodeChunks(Chunks chunks, float[][] coefficients, double[] energy, int[] levels,
      Integer[] order, int k, double snrDb, Pilots pilots) {
    int n = chunks.count();
    boolean[] selected = new boolean[n];
    for (int i = 0; i < k; i++) {
      selected[order[i]] = true;
    }
    // Gains for unit power as the levels predict it, then the exact power measured and sent as a ratio.
    double[] gain = gains(chunks, selected, levels);
    double power = 0;
    long symbols = 0;
    for (int c = 0; c < n; c++) {
      if (selected[c]) {
        power += gain[c] * gain[c] * energy[c];
        symbols += chunks.symbols(c);
      }
    }
    int powerLevel = symbols == 0 ? SideInfo.power(1) : SideInfo.power(power / symbols);
    double scale = 1 / Math.sqrt(SideInfo.powerRatio(powerLevel));
    float[] iq = new float[(int) (2 * symbols)];
    int at = 0;
    for (int c = 0; c < n; c++) {
      if (selected[c]) {
        at = put(coefficients[chunks.component(c)], chunks, c, (float) (gain[c] * scale), iq, at);
      }
    }
    NonFiniteOutputException.requireFinite(iq, "the SoftCast encoder");
    SideInfo side = new SideInfo(selected, maskLevels(levels, selected), powerLevel, pilots);
    byte[] sideBytes = side.encode(chunks);
    return new Encoding(side, sideBytes, pilots.insert(iq),
        pilots.total(symbols) + CqiTable.channelUsesForBits(8L * sideBytes.length, snrDb));
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    return decodeLinear(packet).image();
  }

  /**
   * The LLSE picture and the SNR its symbols effectively had: the link's SNR times the mean |h|² the
   * receiver knew or estimated (the link's SNR itself on AWGN or when nothing is known of h).
   */
  public record Linear(RgbImage image, double effectiveSnrDb) {}

  public Linear decodeLinear(RxPacket packet) {
    int w = packet.getWidth(), h = packet.getHeight();
    FrameSizeCheck.requirePlausible(w, h);
    float[] iq, known = null;
    try {
      iq = Symbols.fromBytes(packet.getSymbols());
      if (packet.getCsiKnown() && packet.getFadingGains() != null) {
        known = Symbols.fromBytes(packet.getFadingGains());
      }
    } catch (IllegalArgumentException e) {
      throw new CodecException(e.getMessage(), e);
    }
    Planes planes = decodePlanes(w, h, Bytes.of(packet.getSideInfo()), iq, known, packet.getSnrDb());
    return new Linear(YCbCr.image(planes.planes(), w, h), planes.effectiveSnrDb());
  }

  /** The LLSE YCbCr planes and the SNR their symbols effectively had. */
  public record Planes(float[][] planes, double effectiveSnrDb) {}

  /**
   * The receiver of {@link #encodePlanes}: {@code sideBytes} and {@code iq} as sent and received,
   * {@code knownGains} the channel's gains when the receiver knows them (null otherwise).
   */
  public static Planes decodePlanes(int w, int h, byte[] sideBytes, float[] iq, float[] knownGains, double snrDb) {
    Chunks chunks = new Chunks(w, h);
    SideInfo side = SideInfo.decode(sideBytes, chunks);
    long expected = 0;
    for (int c = 0; c < chunks.count(); c++) {
      expected += side.selected[c] ? chunks.symbols(c) : 0;
    }
    double n0 = StrictMath.pow(10, -snrDb / 10);
    double[] gain = gains(chunks, side.selected, side.levels);
    double scale = 1 / Math.sqrt(SideInfo.powerRatio(side.power));
    float[] gains = knownGains;
    if (side.pilots.present() && gains == null) {
      Pilots.Equalised eq = side.pilots.equalise(iq, expected, n0);
      iq = eq.iq();
      gains = eq.gains();
    } else if (side.pilots.present()) {
      // The receiver knows h after all: skip the pilots and use the truth.
      Pilots.Equalised data = side.pilots.dataOf(iq, gains, expected);
      iq = data.iq();
      gains = data.gains();
    }
    if (iq.length / 2 != expected) {
      throw new CodecException("packet has " + iq.length / 2 + " symbols; its side info's chunks need " + expected);
    }
    if (gains != null && gains.length != iq.length) {
      throw new CodecException("packet has " + gains.length / 2 + " channel gains for " + iq.length / 2 + " symbols");
    }
    float[][] coefficients = {new float[w * h], new float[w * h], new float[w * h]};
    int at = 0;
    for (int c = 0; c < chunks.count(); c++) {
      if (side.selected[c]) {
        at = estimate(iq, gains, n0, chunks, c, gain[c] * scale, SideInfo.variance(side.levels[c]),
            coefficients[chunks.component(c)], at);
      }
    }
    float[][] planes = new float[3][];
    for (int p = 0; p < 3; p++) {
      planes[p] = NonFiniteOutputException.requireFinite(Dct.inverse(coefficients[p], w, h), "the SoftCast decoder");
    }
    return new Planes(planes, effectiveSnr(snrDb, gains));
  }

  private static double effectiveSnr(double snrDb, float[] gains) {
    if (gains == null || gains.length == 0) {
      return snrDb;
    }
    double sum = 0;
    for (int i = 0; i < gains.length; i += 2) {
      sum += gains[i] * (double) gains[i] + gains[i + 1] * (double) gains[i + 1];
    }
    return snrDb + 10 * Math.log10(Math.max(sum / (gains.length / 2), 1e-6));
  }

  /** Chunks, in order of importance, that fit the budget with their side info: the largest such count. */
  private static int largestThatFits(Chunks chunks, Integer[] order, int[] levels, long budget, double snrDb,
      Pilots pilots) {
    long[] symbolsUpTo = new long[order.length + 1];
    for (int i = 0; i < order.length; i++) {
      symbolsUpTo[i + 1] = symbolsUpTo[i] + chunks.symbols(order[i]);
    }
    int lo = 0, hi = order.length;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (cost(chunks, order, levels, mid, symbolsUpTo[mid], snrDb, pilots) <= budget) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    // The side info's length is not strictly monotone in the count: step down until it fits.
    while (lo > 0 && cost(chunks, order, levels, lo, symbolsUpTo[lo], snrDb, pilots) > budget) {
      lo--;
    }
    return lo;
  }

  private static long cost(Chunks chunks, Integer[] order, int[] levels, int k, long symbols, double snrDb,
      Pilots pilots) {
    boolean[] selected = new boolean[order.length];
    for (int i = 0; i < k; i++) {
      selected[order[i]] = true;
    }
    byte[] side = new SideInfo(selected, maskLevels(levels, selected), 0, pilots).encode(chunks);
    return pilots.total(symbols) + CqiTable.channelUsesForBits(8L * side.length, snrDb);
  }

  private static int[] maskLevels(int[] levels, boolean[] selected) {
    int[] out = new int[levels.length];
    for (int c = 0; c < levels.length; c++) {
      out[c] = selected[c] ? levels[c] : 0;
    }
    return out;
  }

  private static double importance(Chunks chunks, int[] levels, int c) {
    return YCbCr.RGB_ERROR_WEIGHT[chunks.component(c)] * SideInfo.variance(levels[c]);
  }

  /**
   * g_c = s·(w_c/λ_c)^¼ for the sent chunks, with s such that Σ g²·n·λ over them equals the number of
   * complex symbols: unit power per symbol if every chunk's energy were n·λ. Computed from the quantised
   * levels only, so both ends get the same numbers.
   */
  private static double[] gains(Chunks chunks, boolean[] selected, int[] levels) {
    double denominator = 0;
    long symbols = 0;
    for (int c = 0; c < selected.length; c++) {
      if (selected[c]) {
        double lambda = SideInfo.variance(levels[c]);
        denominator += chunks.size(c) * Math.sqrt(YCbCr.RGB_ERROR_WEIGHT[chunks.component(c)] * lambda);
        symbols += chunks.symbols(c);
      }
    }
    double[] g = new double[selected.length];
    if (symbols == 0) {
      return g;
    }
    double s = Math.sqrt(symbols / denominator);
    for (int c = 0; c < selected.length; c++) {
      if (selected[c]) {
        g[c] = s * Math.pow(YCbCr.RGB_ERROR_WEIGHT[chunks.component(c)] / SideInfo.variance(levels[c]), 0.25);
      }
    }
    return g;
  }

  private static double energy(float[] plane, Chunks chunks, int c) {
    double e = 0;
    int x0 = chunks.x0(c), y0 = chunks.y0(c), cw = chunks.chunkWidth(c), ch = chunks.chunkHeight(c);
    for (int y = y0; y < y0 + ch; y++) {
      for (int x = x0; x < x0 + cw; x++) {
        double v = plane[y * chunks.width + x];
        e += v * v;
      }
    }
    return e;
  }

  /** The chunk's coefficients times {@code gain}, row by row, into the I/Q array from {@code at}; returns the next free index. */
  private static int put(float[] plane, Chunks chunks, int c, float gain, float[] iq, int at) {
    int x0 = chunks.x0(c), y0 = chunks.y0(c), cw = chunks.chunkWidth(c), ch = chunks.chunkHeight(c);
    for (int y = y0; y < y0 + ch; y++) {
      for (int x = x0; x < x0 + cw; x++) {
        iq[at++] = gain * plane[y * chunks.width + x];
      }
    }
    return at + (chunks.size(c) & 1); // an odd chunk leaves its last symbol's Q at zero
  }

  /**
   * LLSE of the chunk's coefficients from the received values. Each real value arrived as r = a·G·x + noise:
   * a = 1 and noise variance N0/2 on AWGN; with CSI the channel delivered the MMSE-equalised h*y/(|h|²+N0),
   * so a = |h|²/(|h|²+N0) and the noise variance is |h|²N0/(2(|h|²+N0)²). Then x̂ = aGλ/(a²G²λ + σ²)·r.
   */
  private static int estimate(float[] iq, float[] gains, double n0, Chunks chunks, int c, double gain, double lambda,
      float[] plane, int at) {
    int x0 = chunks.x0(c), y0 = chunks.y0(c), cw = chunks.chunkWidth(c), ch = chunks.chunkHeight(c);
    for (int y = y0; y < y0 + ch; y++) {
      for (int x = x0; x < x0 + cw; x++) {
        double a = 1, noise = n0 / 2;
        if (gains != null) {
          int s = at & ~1;
          double h2 = gains[s] * (double) gains[s] + gains[s + 1] * (double) gains[s + 1];
          a = h2 / (h2 + n0);
          noise = h2 * n0 / (2 * (h2 + n0) * (h2 + n0));
        }
        double ag = a * gain;
        plane[y * chunks.width + x] = (float) (ag * lambda / (ag * ag * lambda + noise) * iq[at]);
        at++;
      }
    }
    return at + (chunks.size(c) & 1);
  }

  @Override
  public void close() {}
}
