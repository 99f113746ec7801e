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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/**
 * Measures, for every MCS row of {@link McsTable}, the lowest AWGN SNR at which a transport block sent through the classical
 * codec's own chain ({@link NrDataPath}, the codec's demapper and LDPC decoder settings, the channel
 * role's {@link ChannelSimulator}) is lost at most {@value #TARGET_BLER_PERCENT} % of the time, and
 * writes the table {@link McsTable} reads.
 *
 * <p>The block: a frame's whole data budget at one MCS, {@link #DEFAULT_SYMBOLS} QAM symbols (a 256×256
 * frame at CBR 1/16) filled with the largest payload the codec would put there
 * ({@link TransportBlockCoder#maxPayloadBits}). So each row is measured at the block size the codec
 * really sends for such a frame: ~1.9 kbit in the most robust row, ~90 kbit in the densest. Bigger
 * frames have more code blocks, each a chance to fail, so their thresholds sit slightly higher; smaller
 * frames the other way (fewer blocks, though a shorter code's waterfall is also less steep).
 *
 * <p>Search: bisection on a {@value #STEP_DB} dB grid, bracketed below by the Shannon SNR of the row's
 * efficiency (measured too, as a check on the chain: passing there would mean a bug) and above by that
 * plus 3 dB, widened 2 dB at a time if needed. Every probe of a row reuses the same payloads and the same unit noise
 * draws (the channel's noise depends only on seed, stream and block index, scaled by the SNR), so the
 * BLER estimate moves monotonically with the SNR rather than with the luck of each probe's draws, and
 * a failing probe stops as soon as it has more failures than the target allows. Rows are independent
 * (each its own decoder, payloads and noise streams), so they are measured on as many threads as asked,
 * with the same result as on one.
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
   * @param mcs the row's index in {@link McsTable#ROWS}
   * @param payloadBits transport block payload
   * @param codeBlocks LDPC code blocks it is segmented into
   * @param shannonDb AWGN SNR whose capacity equals the row's efficiency
   * @param thresholdDb lowest grid SNR whose probe lost ≤ 10 % of the blocks
   * @param blocksDecoded transport blocks simulated for this row, every probe included
   */
  public record Row(int mcs, String modulation, double codeRate, int payloadBits, int codeBlocks, double shannonDb,
      double thresholdDb, int blocksDecoded) {}

  private final Settings settings;
  private final ChannelSimulator channel;

  public LinkAdaptationCalibration(Settings settings) {
    this.settings = settings;
    this.channel = new ChannelSimulator(settings.seed());
  }

  public static double shannonSnrDb(double bitsPerUse) {
    return 10 * Math.log10(Math.pow(2, bitsPerUse) - 1);
  }

  /** The blocks of one row, encoded once and reused by every probe of that row. */
  private final class RowBlocks {
    final int mcs;
    final QamModulator qam;
    final TransportBlockCoder.Plan plan;
    final float[][] sent;
    final byte[][] payloads;
    final TransportBlockCoder coder =
        new TransportBlockCoder(new LdpcDecoder(settings.maxIterations(), settings.normalisation()));

    RowBlocks(int mcs) {
      McsTable.Mcs row = McsTable.row(mcs);
      this.mcs = mcs;
      this.qam = row.qam();
      double rate = row.codeRate();
      int g = settings.symbols() * qam.bitsPerSymbol();
      int payloadBits = TransportBlockCoder.maxPayloadBits(g, qam.bitsPerSymbol(), rate);
      if (payloadBits == 0) {
        throw new IllegalArgumentException(settings.symbols() + " symbols carry no payload in " + row);
      }
      this.plan = TransportBlockCoder.plan(payloadBits, g, qam.bitsPerSymbol(), rate);
      this.sent = new float[settings.blocks()][];
      this.payloads = new byte[settings.blocks()][];
    }

    float[] block(int i) {
      if (sent[i] == null) {
        SplittableRandom rng = SeededRandom.of(settings.seed(), "mcs-calibration-payload-" + mcs, i);
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
      float[] y = channel.transmit(block(i), ChannelConfig.awgn(snrDb), "mcs-calibration-" + mcs, i, null).iq();
      // the codec's receiver on an AWGN link, to the letter
      float[] llr = qam.demapAwgn(y, Math.pow(10, -snrDb / 10));
      TransportBlockCoder.Decoded d = NrDataPath.receive(coder, llr, plan);
      return !d.crcOk() || !Arrays.equals(d.payload(), payloads[i]);
    }
  }

  /** Sends {@code blocks} (≤ settings.blocks) transport blocks of this MCS row at this SNR, stopping after {@code maxFailures}+1 failures. */
  public Probe probe(int mcs, double snrDb, int blocks, int maxFailures) {
    return probe(new RowBlocks(mcs), snrDb, blocks, maxFailures);
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
  public Row measure(int mcs, PrintStream log) {
    RowBlocks row = new RowBlocks(mcs);
    int allowed = settings.blocks() * TARGET_BLER_PERCENT / 100;
    double shannon = shannonSnrDb(McsTable.row(mcs).efficiency());
    int[] decoded = {0};
    IntPredicate passes = k -> {
      Probe p = probe(row, k * STEP_DB, settings.blocks(), allowed);
      decoded[0] += p.decoded();
      if (log != null) {
        log.printf(Locale.ROOT, "  MCS row %2d at %6.2f dB: %3d of %3d lost%s%n", mcs, p.snrDb(), p.failures(), p.decoded(),
            p.failures() > allowed ? " (stopped: fails)" : "");
      }
      return p.failures() <= allowed;
    };
    int lo = (int) Math.floor(shannon / STEP_DB + 1e-9);
    for (int w = 0; passes.test(lo); w++) {
      if (w == MAX_WIDENINGS) {
        throw new IllegalStateException("MCS row " + mcs + " decodes " + MAX_WIDENINGS + " dB below its Shannon SNR "
            + shannon + " dB: the chain or the SNR convention is broken");
      }
      lo -= 10;
    }
    int hi = lo + INITIAL_BRACKET_STEPS;
    for (int w = 0; !passes.test(hi); w++) {
      if (w == MAX_WIDENINGS) {
        throw new IllegalStateException("MCS row " + mcs + " still fails at " + hi * STEP_DB + " dB");
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
    return new Row(mcs, row.qam.name(), row.plan.codeRate(), row.plan.payloadBits(), row.plan.segmentation().blocks(),
        shannon, hi * STEP_DB, decoded[0]);
  }

  /** Every row, on {@code threads} threads, in row order. */
  public List<Row> measureAll(PrintStream log, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Row>> futures = new ArrayList<>();
      java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
      for (int mcs = 0; mcs < McsTable.size(); mcs++) {
        int m = mcs;
        futures.add(pool.submit(() -> {
          Row r = measure(m, null);
          if (log != null) {
            log.printf(Locale.ROOT, "[%2d/%d] MCS row %2d: %.1f dB (Shannon %.2f dB)%n", done.incrementAndGet(),
                McsTable.size(), m, r.thresholdDb(), r.shannonDb());
          }
          return r;
        }));
      }
      List<Row> rows = new ArrayList<>();
      for (Future<Row> f : futures) {
        rows.add(f.get());
      }
      return rows;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("calibration interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("calibration failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The resource text: header (provenance, how to regenerate), then {@code row snrDb  # details}. */
  static String format(List<Row> rows, Settings s, String command, long millis) {
    StringBuilder out = new StringBuilder();
    out.append("# 10 % BLER AWGN SNR thresholds (dB) of the MCS rows of McsTable (TS 38.214 Tables 5.1.3.1-1/-2/-3), measured with\n")
        .append("# SemStream's own classical receiver: 38.212 chain, scrambling, QAM, max-log demapping, layered\n")
        .append("# normalised min-sum LDPC (").append(s.maxIterations()).append(" iterations, alpha ")
        .append(s.normalisation()).append("). Read by io.semstream.codecs.nr.McsTable.\n")
        .append("# Generated ").append(LocalDate.now()).append(" by LinkAdaptationCalibration in ")
        .append(String.format(Locale.ROOT, "%.0f s", millis / 1000.0)).append(" (wall clock); regenerate with\n")
        .append("#   ").append(command).append('\n')
        .append("# Block: ").append(s.symbols()).append(" QAM symbols (a 256x256 frame at CBR 1/16), the largest payload\n")
        .append("# the codec would send in them at that MCS; a bigger frame has more code blocks and needs slightly more.\n")
        .append("# ").append(s.blocks()).append(" blocks per probe, seed ").append(s.seed()).append(", bisection to ")
        .append(STEP_DB).append(" dB: the threshold is the lowest grid SNR\n")
        .append("# at which at most ").append(TARGET_BLER_PERCENT).append(" % of the blocks were lost.\n")
        .append("# The link sends with the densest row whose threshold it meets; a row some other row beats at its\n")
        .append("# own threshold (as dense or denser, sustained as low or lower) is never chosen and says so.\n")
        .append("# row snrDb   # origin, modulation, code rate, payload bits, code blocks, Shannon SNR, gap to it\n");
    double[] t = new double[rows.size()];
    for (Row r : rows) {
      t[r.mcs()] = r.thresholdDb();
    }
    for (Row r : rows) {
      String unused = McsTable.dominated(r.mcs(), t) ? ", never chosen" : "";
      out.append(String.format(Locale.ROOT, "%-3d %5.1f   # %s, %s R=%.3f, %d bits, %d CB, Shannon %.2f dB, gap %.2f dB%s%n",
          r.mcs(), r.thresholdDb(), McsTable.row(r.mcs()).origin(), r.modulation(), r.codeRate(), r.payloadBits(),
          r.codeBlocks(), r.shannonDb(), r.thresholdDb() - r.shannonDb(), unused));
    }
    return out.toString();
  }

  /**
   * {@code [--blocks N] [--seed S] [--threads T] [--out FILE]}: measures every row (progress on stderr)
   * and writes the table to FILE, or to stdout without --out.
   */
  public static void main(String[] args) throws IOException {
    Settings s = Settings.defaults();
    Path out = null;
    int threads = 1;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--blocks" -> s = s.withBlocks(Integer.parseInt(require(args[i], value)));
        case "--seed" -> s = s.withSeed(Long.parseLong(require(args[i], value)));
        case "--out" -> out = Path.of(require(args[i], value));
        case "--threads" -> threads = Integer.parseInt(require(args[i], value));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: [--blocks N] [--seed S] [--threads T] [--out FILE]");
      }
      i++;
    }
    long start = System.nanoTime();
    List<Row> rows = new LinkAdaptationCalibration(s).measureAll(System.err, threads);
    long millis = (System.nanoTime() - start) / 1_000_000;
    String command = "mvn -q -B -pl codecs -am install -DskipTests"
        + " && mvn -q -B -pl codecs dependency:build-classpath -Dmdep.outputFile=target/cp.txt"
        + " && java -cp codecs/target/classes:$(cat codecs/target/cp.txt) " + LinkAdaptationCalibration.class.getName()
        + " --blocks " + s.blocks() + " --seed " + s.seed() + " --threads " + threads + " --out codecs/src/main/resources/" + McsTable.RESOURCE;
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
