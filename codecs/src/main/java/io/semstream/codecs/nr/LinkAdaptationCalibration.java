package io.semstream.codecs.nr;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.SeededRandom;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Measures, for every CQI row, the lowest AWGN SNR at which a transport block sent through the classical
 * codec's own chain ({@link NrDataPath}, the codec's demapper and LDPC decoder settings, the channel
 * role's {@link ChannelSimulator}) is lost at most {@value #TARGET_BLER_PERCENT} % of the time, and
 * writes the table {@link McsTable} reads.
 *
 * <p>The block: a frame's whole data budget at one MCS, {@link #DEFAULT_SYMBOLS} QAM symbols (a 256×256
 * frame at CBR 1/16) filled with the largest payload the codec would put there
 * ({@link TransportBlockCoder#maxPayloadBits}). So each row is measured at the block size the codec
 * really sends for such a frame: ~1.9 kbit at CQI 1, ~23 kbit at CQI 5, ~90 kbit at CQI 15. Bigger
 * frames have more code blocks, each a chance to fail, so their thresholds sit slightly higher; smaller
 * frames the other way (fewer blocks, though a shorter code's waterfall is also less steep).
 *
 * <p>Search: bisection on a {@value #STEP_DB} dB grid, bracketed below by the Shannon SNR of the row's
 * efficiency (measured too, as a check on the chain: passing there would mean a bug) and above by that
 * plus 3 dB, widened 2 dB at a time if needed. Every probe of a row reuses the same payloads and the same unit noise
 * draws (the channel's noise depends only on seed, stream and block index, scaled by the SNR), so the
 * BLER estimate moves monotonically with the SNR rather than with the luck of each probe's draws, and
 * a failing probe stops as soon as it has more failures than the target allows.
 */
public final class LinkAdaptationCalibration {
  /** A 256×256 frame at CBR 1/16: 256·256·3/16 channel uses (the codec charges the 64-bit header a few of them). */
  public static final int DEFAULT_SYMBOLS = 256 * 256 * 3 / 16;
  public static final int DEFAULT_BLOCKS = 60;
  public static final long DEFAULT_SEED = 20261124L;
  static final int TARGET_BLER_PERCENT = 10;
  static final double STEP_DB = 0.1;
  private static final int INITIAL_BRACKET_STEPS = 30;
  private static final int MAX_WIDENINGS = 8;

  /**
   * @param symbols QAM symbols of data per block
   * @param blocks transport blocks per probe
   * @param seed seed of the payloads and of the channel noise
   * @param maxIterations LDPC decoder iterations (the codec's default unless told otherwise)
   * @param normalisation min-sum normalisation (likewise)
   */
  public record Settings(int symbols, int blocks, long seed, int maxIterations, float normalisation) {
    public Settings {
      if (symbols < 1 || blocks < 1) {
        throw new IllegalArgumentException("symbols and blocks must be >= 1, got " + symbols + ", " + blocks);
      }
    }

    /** What {@link ClassicalCodec.Config#of} decodes with. */
    public static Settings defaults() {
      return new Settings(DEFAULT_SYMBOLS, DEFAULT_BLOCKS, DEFAULT_SEED, LdpcDecoder.DEFAULT_MAX_ITERATIONS,
          LdpcDecoder.DEFAULT_NORMALISATION);
    }

    public Settings withBlocks(int n) {
      return new Settings(symbols, n, seed, maxIterations, normalisation);
    }

    public Settings withSeed(long s) {
      return new Settings(symbols, blocks, s, maxIterations, normalisation);
    }
  }

  /** One probe: {@code failures} of {@code decoded} blocks lost (decoded < requested when it stopped early). */
  public record Probe(double snrDb, int failures, int decoded) {
    public double bler() {
      return decoded == 0 ? 0 : (double) failures / decoded;
    }
  }

  /**
   * A row's result.
   *
   * @param payloadBits transport block payload
   * @param codeBlocks LDPC code blocks it is segmented into
   * @param shannonDb AWGN SNR whose capacity equals the row's efficiency
   * @param thresholdDb lowest grid SNR whose probe lost ≤ 10 % of the blocks
   * @param blocksDecoded transport blocks simulated for this row, every probe included
   */
  public record Row(int cqi, String modulation, double codeRate, int payloadBits, int codeBlocks, double shannonDb,
      double thresholdDb, int blocksDecoded) {}

  private final Settings settings;
  private final TransportBlockCoder coder;
  private final ChannelSimulator channel;

  public LinkAdaptationCalibration(Settings settings) {
    this.settings = settings;
    this.coder = new TransportBlockCoder(new LdpcDecoder(settings.maxIterations(), settings.normalisation()));
    this.channel = new ChannelSimulator(settings.seed());
  }

  public static double shannonSnrDb(double bitsPerUse) {
    return 10 * Math.log10(Math.pow(2, bitsPerUse) - 1);
  }

  /** The blocks of one row, encoded once and reused by every probe of that row. */
  private final class RowBlocks {
    final int cqi;
    final QamModulator qam;
    final TransportBlockCoder.Plan plan;
    final float[][] sent;
    final byte[][] payloads;

    RowBlocks(int cqi) {
      this.cqi = cqi;
      this.qam = QamModulator.named(CqiTable.modulation(cqi));
      double rate = CqiTable.efficiencyOf(cqi) / qam.bitsPerSymbol();
      int g = settings.symbols() * qam.bitsPerSymbol();
      int payloadBits = TransportBlockCoder.maxPayloadBits(g, qam.bitsPerSymbol(), rate);
      if (payloadBits == 0) {
        throw new IllegalArgumentException(settings.symbols() + " symbols carry no payload at CQI " + cqi);
      }
      this.plan = TransportBlockCoder.plan(payloadBits, g, qam.bitsPerSymbol(), rate);
      this.sent = new float[settings.blocks()][];
      this.payloads = new byte[settings.blocks()][];
    }

    float[] block(int i) {
      if (sent[i] == null) {
        SplittableRandom rng = SeededRandom.of(settings.seed(), "mcs-calibration-payload-" + cqi, i);
        byte[] bits = new byte[plan.payloadBits()];
        for (int k = 0; k < bits.length; k++) {
          bits[k] = (byte) rng.nextInt(2);
        }
        payloads[i] = bits;
        sent[i] = NrDataPath.transmit(bits, plan, qam);
      }
      return sent[i];
    }

    /** Lost = the CRC failed, or (never expected) it passed on wrong bits: either way the frame is unusable. */
    boolean lost(int i, double snrDb) {
      float[] y = channel.transmit(block(i), ChannelConfig.awgn(snrDb), "mcs-calibration-" + cqi, i, null).iq();
      // the codec's receiver on an AWGN link, to the letter
      float[] llr = qam.demapAwgn(y, Math.pow(10, -snrDb / 10));
      TransportBlockCoder.Decoded d = NrDataPath.receive(coder, llr, plan);
      return !d.crcOk() || !Arrays.equals(d.payload(), payloads[i]);
    }
  }

  /** Sends {@code blocks} (≤ settings.blocks) transport blocks of this CQI at this SNR, stopping after {@code maxFailures}+1 failures. */
  public Probe probe(int cqi, double snrDb, int blocks, int maxFailures) {
    return probe(new RowBlocks(cqi), snrDb, blocks, maxFailures);
  }

  private Probe probe(RowBlocks row, double snrDb, int blocks, int maxFailures) {
    if (blocks > settings.blocks()) {
      throw new IllegalArgumentException("at most " + settings.blocks() + " blocks per probe, asked " + blocks);
    }
    int failures = 0;
    int i = 0;
    while (i < blocks && failures <= maxFailures) {
      if (row.lost(i, snrDb)) {
        failures++;
      }
      i++;
    }
    return new Probe(snrDb, failures, i);
  }

  /** The 10 % BLER threshold of one row, {@value #STEP_DB} dB resolution. */
  public Row measure(int cqi, PrintStream log) {
    RowBlocks row = new RowBlocks(cqi);
    int allowed = settings.blocks() * TARGET_BLER_PERCENT / 100;
    double shannon = shannonSnrDb(CqiTable.efficiencyOf(cqi));
    int[] decoded = {0};
    IntPredicate passes = k -> {
      Probe p = probe(row, k * STEP_DB, settings.blocks(), allowed);
      decoded[0] += p.decoded();
      if (log != null) {
        log.printf(Locale.ROOT, "  CQI %2d at %6.2f dB: %3d of %3d lost%s%n", cqi, p.snrDb(), p.failures(), p.decoded(),
            p.failures() > allowed ? " (stopped: fails)" : "");
      }
      return p.failures() <= allowed;
    };
    int lo = (int) Math.floor(shannon / STEP_DB + 1e-9);
    for (int w = 0; passes.test(lo); w++) {
      if (w == MAX_WIDENINGS) {
        throw new IllegalStateException("CQI " + cqi + " decodes " + MAX_WIDENINGS + " dB below its Shannon SNR "
            + shannon + " dB: the chain or the SNR convention is broken");
      }
      lo -= 10;
    }
    int hi = lo + INITIAL_BRACKET_STEPS;
    for (int w = 0; !passes.test(hi); w++) {
      if (w == MAX_WIDENINGS) {
        throw new IllegalStateException("CQI " + cqi + " still fails at " + hi * STEP_DB + " dB");
      }
      lo = hi;
      hi += 20;
    }
    while (hi - lo > 1) {
      int mid = Math.floorDiv(lo + hi, 2);
      if (passes.test(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return new Row(cqi, row.qam.name(), row.plan.codeRate(), row.plan.payloadBits(), row.plan.segmentation().blocks(),
        shannon, hi * STEP_DB, decoded[0]);
  }

  /** Every row, then the running max that makes the table non-decreasing. */
  public List<Row> measureAll(PrintStream log) {
    List<Row> rows = new ArrayList<>();
    for (int cqi = 1; cqi <= CqiTable.MAX_CQI; cqi++) {
      Row r = measure(cqi, log);
      if (log != null) {
        log.printf(Locale.ROOT, "CQI %2d: %.1f dB (Shannon %.2f dB)%n", cqi, r.thresholdDb(), r.shannonDb());
      }
      rows.add(r);
    }
    return rows;
  }

  /** The resource text: header (provenance, how to regenerate), then {@code cqi snrDb  # details}. */
  static String format(List<Row> rows, Settings s, String command, long millis) {
    StringBuilder out = new StringBuilder();
    out.append("# 10 % BLER AWGN SNR thresholds (dB) of the CQI rows of TS 38.214 Table 5.2.2.1-3, measured with\n")
        .append("# SemStream's own classical receiver: 38.212 chain, scrambling, QAM, max-log demapping, layered\n")
        .append("# normalised min-sum LDPC (").append(s.maxIterations()).append(" iterations, alpha ")
        .append(s.normalisation()).append("). Read by io.semstream.codecs.nr.McsTable.\n")
        .append("# Generated ").append(LocalDate.now()).append(" by LinkAdaptationCalibration in ")
        .append(String.format(Locale.ROOT, "%.0f s", millis / 1000.0)).append(" (wall clock, one thread); regenerate with\n")
        .append("#   ").append(command).append('\n')
        .append("# Block: ").append(s.symbols()).append(" QAM symbols (a 256x256 frame at CBR 1/16), the largest payload\n")
        .append("# the codec would send in them at that MCS; a bigger frame has more code blocks and needs slightly more.\n")
        .append("# ").append(s.blocks()).append(" blocks per probe, seed ").append(s.seed()).append(", bisection to ")
        .append(STEP_DB).append(" dB: the threshold is the lowest grid SNR\n")
        .append("# at which at most ").append(TARGET_BLER_PERCENT).append(" % of the blocks were lost.\n")
        .append("# If a row measured below the one before it, it is raised to that row's value (running max) so that\n")
        .append("# a higher SNR never selects a lower MCS; such rows say so in their comment.\n")
        .append("# cqi snrDb   # modulation, code rate, payload bits, code blocks, Shannon SNR, gap to it\n");
    double max = Double.NEGATIVE_INFINITY;
    for (Row r : rows) {
      double t = Math.max(max, r.thresholdDb());
      String raised = t > r.thresholdDb() ? String.format(Locale.ROOT, ", measured %.1f, raised to CQI %d's", r.thresholdDb(), r.cqi() - 1) : "";
      out.append(String.format(Locale.ROOT, "%-3d %5.1f   # %s R=%.3f, %d bits, %d CB, Shannon %.2f dB, gap %.2f dB%s%n",
          r.cqi(), t, r.modulation(), r.codeRate(), r.payloadBits(), r.codeBlocks(), r.shannonDb(),
          t - r.shannonDb(), raised));
      max = t;
    }
    return out.toString();
  }

  /**
   * {@code [--blocks N] [--seed S] [--out FILE]}: measures every row (progress on stderr) and writes the
   * table to FILE, or to stdout without --out.
   */
  public static void main(String[] args) throws IOException {
    Settings s = Settings.defaults();
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--blocks" -> s = s.withBlocks(Integer.parseInt(require(args[i], value)));
        case "--seed" -> s = s.withSeed(Long.parseLong(require(args[i], value)));
        case "--out" -> out = Path.of(require(args[i], value));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: [--blocks N] [--seed S] [--out FILE]");
      }
      i++;
    }
    long start = System.nanoTime();
    List<Row> rows = new LinkAdaptationCalibration(s).measureAll(System.err);
    long millis = (System.nanoTime() - start) / 1_000_000;
    String command = "mvn -q -B -pl codecs -am install -DskipTests"
        + " && mvn -q -B -pl codecs dependency:build-classpath -Dmdep.outputFile=target/cp.txt"
        + " && java -cp codecs/target/classes:$(cat codecs/target/cp.txt) " + LinkAdaptationCalibration.class.getName()
        + " --blocks " + s.blocks() + " --seed " + s.seed() + " --out codecs/src/main/resources/" + McsTable.RESOURCE;
    String text = format(rows, s, command, millis);
    if (out == null) {
      System.out.print(text);
    } else {
      Files.writeString(out, text, StandardCharsets.UTF_8);
      System.err.println("wrote " + out + " in " + millis / 1000 + " s");
    }
  }

  private static String require(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
