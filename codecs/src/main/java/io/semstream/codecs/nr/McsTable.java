package io.semstream.codecs.nr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Link adaptation for data sent digitally: the modulation and coding schemes a transport block may use,
 * and the lowest AWGN SNR at which OUR receiver (max-log QAM demapper, layered normalised min-sum LDPC)
 * decodes each with at most 10 % block errors, as measured by {@link LinkAdaptationCalibration} and read
 * from {@value #RESOURCE}. At a given SNR the link sends with the densest row it sustains.
 *
 * <p>The rows are every distinct (Qm, R) of the three PDSCH MCS tables of TS 38.214 §5.1.3.1, in order of
 * spectral efficiency: Table 5.1.3.1-1 (the default 64QAM table, MCS 0–28), the six rows of the
 * low-spectral-efficiency Table 5.1.3.1-3 below it (MCS 0–5) and the 256QAM rows of Table 5.1.3.1-2
 * (MCS 20–27). A gNB switches between the tables by RRC ({@code mcs-Table}) for links that need them; a
 * frame here is one transport block on a link of known SNR, so it takes the best row of all three. Where
 * two rows carry the same bits per channel use (64QAM 910 and 256QAM 682.5, 64QAM 948 and 256QAM 711)
 * the one our decoder sustains lower wins, and a row that a denser one beats at its own threshold is
 * never chosen; the table file says which.
 *
 * <p>Why the MCS tables and not the 15 CQI rows: at low SNR the CQI rows are 3–4 dB apart (QPSK 193,
 * then 449 /1024), so a 1 dB link carried data at a third of its capacity; the MCS rows are 0.5–1 dB
 * apart, the granularity a scheduler really has. Why not {@link CqiTable}'s thresholds: those are a
 * turbo-coded LTE receiver's, 1–3 dB more conservative than this decoder; CqiTable still charges every
 * codec's side info, where a conservative figure is the honest one.
 *
 * <p>A row's position in {@link #ROWS} is what packet headers carry (one byte).
 */
public final class McsTable {
  public static final String RESOURCE = "classical/mcs-thresholds.txt";

  /**
   * One MCS.
   *
   * @param index position in {@link #ROWS}, what a header carries
   * @param origin where the row is specified, e.g. "38.214 Table 5.1.3.1-1 MCS 5"
   * @param bitsPerSymbol Qm
   * @param codeRateX1024 target code rate × 1024 (half-integers exist in table 2)
   */
  public record Mcs(int index, String origin, int bitsPerSymbol, double codeRateX1024) {
    /** Bits per channel use: Qm · R. */
    public double efficiency() {
      return bitsPerSymbol * codeRateX1024 / 1024.0;
    }

    public double codeRate() {
      return codeRateX1024 / 1024.0;
    }

    public QamModulator qam() {
      return switch (bitsPerSymbol) {
        case 2 -> QamModulator.QPSK;
        case 4 -> QamModulator.QAM16;
        case 6 -> QamModulator.QAM64;
        case 8 -> QamModulator.QAM256;
        default -> throw new IllegalStateException("no modulation of order " + bitsPerSymbol);
      };
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "MCS row %d (%s: %s R=%.3f)", index, origin, qam().name(), codeRate());
    }
  }

  /** Every row, ordered by efficiency (non-decreasing: two pairs of rows tie). */
  public static final List<Mcs> ROWS = rows();

  private static List<Mcs> rows() {
    List<Mcs> rows = new ArrayList<>();
    String table3 = "38.214 Table 5.1.3.1-3 MCS ";
    int[] r3 = {30, 40, 50, 64, 78, 99};
    for (int m = 0; m < r3.length; m++) {
      add(rows, table3 + m, 2, r3[m]);
    }
    String table1 = "38.214 Table 5.1.3.1-1 MCS ";
    int[] qm1 = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6};
    int[] r1 = {120, 157, 193, 251, 308, 379, 449, 526, 602, 679, 340, 378, 434, 490, 553, 616, 658, 438, 466, 517,
        567, 616, 666, 719, 772, 822, 873, 910, 948};
    String table2 = "38.214 Table 5.1.3.1-2 MCS ";
    double[] r2 = {682.5, 711, 754, 797, 841, 885, 916.5, 948};
    List<Mcs> unsorted = new ArrayList<>();
    for (int m = 0; m < r1.length; m++) {
      unsorted.add(new Mcs(-1, table1 + m, qm1[m], r1[m]));
    }
    for (int k = 0; k < r2.length; k++) {
      unsorted.add(new Mcs(-1, table2 + (20 + k), 8, r2[k]));
    }
    // stable: at equal efficiency table 1's row comes first
    unsorted.sort(java.util.Comparator.comparingDouble(Mcs::efficiency));
    for (Mcs m : unsorted) {
      add(rows, m.origin(), m.bitsPerSymbol(), m.codeRateX1024());
    }
    return List.copyOf(rows);
  }

  private static void add(List<Mcs> rows, String origin, int qm, double rateX1024) {
    rows.add(new Mcs(rows.size(), origin, qm, rateX1024));
  }

  private McsTable() {}

  public static int size() {
    return ROWS.size();
  }

  /** The row at this header index, or an {@link IllegalArgumentException} naming the valid range. */
  public static Mcs row(int index) {
    if (index < 0 || index >= ROWS.size()) {
      throw new IllegalArgumentException("MCS row must be in 0.." + (ROWS.size() - 1) + ", got " + index);
    }
    return ROWS.get(index);
  }

  /** Loaded on first use, so a class that only names McsTable does not read the classpath. */
  private static final class Loaded {
    static final double[] THRESHOLD_DB = load();
  }

  /**
   * The densest row whose measured threshold {@code snrDb} meets (of two as dense, the one with the lower
   * threshold); -1 when none is (or NaN).
   */
  public static int sustainedAt(double snrDb) {
    if (Double.isNaN(snrDb)) {
      return -1;
    }
    double[] t = Loaded.THRESHOLD_DB;
    int best = -1;
    for (int row = 0; row < t.length; row++) {
      if (snrDb >= t[row] && (best < 0 || beats(row, best, t))) {
        best = row;
      }
    }
    return best;
  }

  /** Denser, or as dense with a lower threshold. */
  private static boolean beats(int a, int b, double[] t) {
    double ea = ROWS.get(a).efficiency(), eb = ROWS.get(b).efficiency();
    return ea > eb || (ea == eb && t[a] < t[b]);
  }

  /**
   * Rows link adaptation never picks: some other row is at least as dense and sustained at this row's
   * threshold or below. Listed in the table file so nobody wonders why a row of the standard is unused.
   */
  static boolean dominated(int row, double[] t) {
    for (int other = 0; other < t.length; other++) {
      if (other != row && t[other] <= t[row] && (beats(other, row, t)
          || (ROWS.get(other).efficiency() == ROWS.get(row).efficiency() && t[other] == t[row] && other < row))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Back-off between the measured 10 % BLER threshold and the design SNR an MCS is chosen for. The
   * thresholds are measured on a 256×256 frame's transport block (a few code blocks at mid rates); a
   * 768 px frame carries about nine times as many, and at the bare threshold it would be lost more often
   * than not. Past the threshold LDPC block errors fall by about a decade per 0.3–0.5 dB, so 1 dB makes a
   * large frame at the design SNR safe, the margin outer-loop link adaptation keeps in practice.
   */
  public static final double BACKOFF_DB = 1.0;

  /**
   * The row link adaptation sends with at a design SNR: the densest whose threshold + {@link #BACKOFF_DB}
   * it meets, or the most robust row when none is (data is sent anyway, and lost if the link cannot
   * carry it).
   */
  public static Mcs forDesignSnr(double designSnrDb) {
    return ROWS.get(Math.max(0, sustainedAt(designSnrDb - BACKOFF_DB)));
  }

  /** The measured threshold (dB) of a row. */
  public static double thresholdDb(int index) {
    return Loaded.THRESHOLD_DB[row(index).index()];
  }

  private static double[] load() {
    try (InputStream in = McsTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("MCS threshold table " + RESOURCE + " is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return parse(reader.lines().toList(), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Lines of the table format: '#' starts a comment, blank lines are skipped, every other line is
   * {@code row snrDb}. Returns thresholds indexed by row. Strict: every row exactly once and finite,
   * since a missing row would make {@link #sustainedAt} skip an MCS without a word. A denser row may
   * measure lower than a sparser one (a different modulation); that row then simply wins.
   */
  static double[] parse(List<String> lines, String source) {
    double[] t = new double[ROWS.size()];
    Arrays.fill(t, Double.NaN);
    int lineNo = 0;
    for (String raw : lines) {
      lineNo++;
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      String where = source + ":" + lineNo + ": ";
      if (f.length != 2) {
        throw new IllegalStateException(where + "expected 'row snrDb', got '" + line + "'");
      }
      int row;
      double db;
      try {
        row = Integer.parseInt(f[0]);
        db = Double.parseDouble(f[1]);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(where + "not a number in '" + line + "'", e);
      }
      if (row < 0 || row >= t.length || !Double.isNaN(t[row]) || !Double.isFinite(db)) {
        throw new IllegalStateException(where + "bad or repeated row '" + line + "'");
      }
      t[row] = db;
    }
    for (int row = 0; row < t.length; row++) {
      if (Double.isNaN(t[row])) {
        throw new IllegalStateException(source + ": no threshold for MCS row " + row);
      }
    }
    return t;
  }
}
