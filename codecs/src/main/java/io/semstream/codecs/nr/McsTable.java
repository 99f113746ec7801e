package io.semstream.codecs.nr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Link adaptation for the classical codec's data: the 10 % BLER AWGN thresholds of the CQI rows as
 * measured with OUR receiver (max-log QAM demapper, layered normalised min-sum LDPC) by
 * {@link LinkAdaptationCalibration}, read from {@value #RESOURCE}.
 *
 * <p>Why not {@link CqiTable}'s thresholds: those are a turbo-coded LTE receiver's, 1–3 dB more
 * conservative than what this decoder achieves, so a codec picking its MCS from them holds its frames a
 * few dB below the design SNR and the cliff sits in the wrong place. A real eNB/gNB adapts to the
 * receiver it serves; so does this. CqiTable stays as it is: it charges every codec's side info, and
 * there a conservative figure is the honest one.
 */
public final class McsTable {
  public static final String RESOURCE = "classical/mcs-thresholds.txt";

  private McsTable() {}

  /** Loaded on first use, so a class that only names McsTable does not read the classpath. */
  private static final class Loaded {
    static final double[] THRESHOLD_DB = load();
  }

  /** Highest CQI whose measured threshold is met; 0 = below CQI 1 (or NaN), as {@link CqiTable#cqiForSnr}. */
  public static int cqiForSnr(double snrDb) {
    if (Double.isNaN(snrDb)) {
      return 0;
    }
    double[] t = Loaded.THRESHOLD_DB;
    int cqi = 0;
    while (cqi < CqiTable.MAX_CQI && snrDb >= t[cqi + 1]) {
      cqi++;
    }
    return cqi;
  }

  /**
   * Back-off between the measured 10 % BLER threshold and the design SNR an MCS is chosen for. The
   * thresholds are measured on a 256×256 frame's transport block (4 code blocks at mid rates); a 768 px
   * frame carries about nine times as many, and at the bare threshold it would be lost more often than
   * not. Past the threshold LDPC block errors fall by about a decade per 0.3–0.5 dB, so 1 dB makes a
   * large frame at the design SNR safe, the margin outer-loop link adaptation keeps in practice.
   */
  public static final double BACKOFF_DB = 1.0;

  /** The CQI link adaptation uses for a design SNR: the highest whose threshold + {@link #BACKOFF_DB} it meets. */
  public static int cqiForDesignSnr(double designSnrDb) {
    return cqiForSnr(designSnrDb - BACKOFF_DB);
  }

  /** The measured threshold (dB) of CQI 1..15. */
  public static double thresholdDb(int cqi) {
    if (cqi < 1 || cqi > CqiTable.MAX_CQI) {
      throw new IllegalArgumentException("CQI must be in 1.." + CqiTable.MAX_CQI + ", got " + cqi);
    }
    return Loaded.THRESHOLD_DB[cqi];
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
   * {@code cqi snrDb}. Returns thresholds indexed by CQI (index 0 unused). Strict: every row 1..15
   * exactly once, finite and non-decreasing, since a gap or an inversion would make
   * {@link #cqiForSnr} silently skip an MCS.
   */
  static double[] parse(List<String> lines, String source) {
    double[] t = new double[CqiTable.MAX_CQI + 1];
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
        throw new IllegalStateException(where + "expected 'cqi snrDb', got '" + line + "'");
      }
      int cqi;
      double db;
      try {
        cqi = Integer.parseInt(f[0]);
        db = Double.parseDouble(f[1]);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(where + "not a number in '" + line + "'", e);
      }
      if (cqi < 1 || cqi > CqiTable.MAX_CQI || !Double.isNaN(t[cqi]) || !Double.isFinite(db)) {
        throw new IllegalStateException(where + "bad or repeated row '" + line + "'");
      }
      t[cqi] = db;
    }
    for (int cqi = 1; cqi <= CqiTable.MAX_CQI; cqi++) {
      if (Double.isNaN(t[cqi])) {
        throw new IllegalStateException(source + ": no threshold for CQI " + cqi);
      }
      if (cqi > 1 && t[cqi] < t[cqi - 1]) {
        throw new IllegalStateException(String.format(Locale.ROOT, "%s: CQI %d threshold %.2f dB is below CQI %d's %.2f dB",
            source, cqi, t[cqi], cqi - 1, t[cqi - 1]));
      }
    }
    return t;
  }
}
