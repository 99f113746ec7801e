package io.semstream.codecs.nr;

/**
 * Which 5G NR modulation and coding scheme the current SNR supports, so that every digital bit a codec
 * sends (side info, model deltas) is charged the channel uses a real link would spend on it.
 *
 * <p>Rows: TS 38.214 Table 5.2.2.1-3 ("CQI table 2", QPSK to 256QAM). The efficiency is computed from
 * the row's modulation order and code rate × 1024 rather than copied from the table's rounded
 * efficiency column, so it is exact and a transcription slip would show in the test against that column.
 *
 * <p>SNR thresholds (dB, AWGN, SISO, the lowest SNR at which the MCS reaches 10 % block error rate):
 * <ul>
 *   <li>CQI 1–11 use exactly the same modulation and code rate as LTE CQI table 1 (TS 36.213 Table
 *       7.2.3-1) entries 1, 3, 5, 7–14. For those we take the LTE 10 % BLER AWGN thresholds obtained with
 *       the Vienna LTE link-level simulator (Kawser et al., "Downlink SNR to CQI Mapping for Different
 *       Multiple Antenna Techniques in LTE", IJIEE 2012), the set most system-level simulators reuse:
 *       LTE CQI 1..15 → -6.7, -4.7, -2.3, 0.2, 2.4, 4.3, 5.9, 8.1, 10.3, 11.7, 14.1, 16.3, 18.7, 21.0,
 *       22.7 dB.</li>
 *   <li>CQI 12–15 (256QAM) have no LTE table-1 counterpart. They are placed at the same gap to the
 *       Shannon bound as the densest LTE entry (CQI 15, 64QAM 948/1024, 5.5547 b/cu at 22.7 dB, a gap of
 *       22.7 − 10·log10(2^5.5547 − 1) ≈ 6.07 dB): threshold = 10·log10(2^SE − 1) + that gap. Taking the
 *       largest gap measured errs on the side of charging more channel uses, never fewer.</li>
 * </ul>
 * These are AWGN figures; under fading the caller passes the SNR it wants the MCS chosen for.
 */
public final class CqiTable {
  private CqiTable() {}

  /** Index 0 is "out of range"; rows 1..15 of TS 38.214 Table 5.2.2.1-3. */
  private static final int[] BITS_PER_SYMBOL = {0, 2, 2, 2, 4, 4, 4, 6, 6, 6, 6, 6, 8, 8, 8, 8};
  private static final int[] CODE_RATE_X1024 = {0, 78, 193, 449, 378, 490, 616, 466, 567, 666, 772, 873, 711, 797, 885, 948};

  /** Vienna LTE 10 % BLER AWGN thresholds (see class doc), indexed by LTE CQI 1..15. */
  private static final double[] LTE_TABLE1_THRESHOLD_DB =
      {Double.NaN, -6.7, -4.7, -2.3, 0.2, 2.4, 4.3, 5.9, 8.1, 10.3, 11.7, 14.1, 16.3, 18.7, 21.0, 22.7};
  /** NR table 2 CQI 1..11 → the LTE table 1 CQI with the same modulation and code rate. */
  private static final int[] SAME_MCS_IN_LTE_TABLE1 = {0, 1, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14};

  public static final int MAX_CQI = 15;

  private static final double[] THRESHOLD_DB = new double[MAX_CQI + 1];

  static {
    THRESHOLD_DB[0] = Double.NEGATIVE_INFINITY;
    for (int cqi = 1; cqi < SAME_MCS_IN_LTE_TABLE1.length; cqi++) {
      THRESHOLD_DB[cqi] = LTE_TABLE1_THRESHOLD_DB[SAME_MCS_IN_LTE_TABLE1[cqi]];
    }
    double lte15Efficiency = 6 * 948 / 1024.0;
    double gapDb = LTE_TABLE1_THRESHOLD_DB[15] - shannonSnrDb(lte15Efficiency);
    for (int cqi = SAME_MCS_IN_LTE_TABLE1.length; cqi <= MAX_CQI; cqi++) {
      THRESHOLD_DB[cqi] = shannonSnrDb(efficiencyOf(cqi)) + gapDb;
    }
  }

  /** SNR at which AWGN capacity log2(1 + SNR) equals {@code bitsPerUse}. */
  private static double shannonSnrDb(double bitsPerUse) {
    return 10.0 * Math.log10(Math.pow(2.0, bitsPerUse) - 1.0);
  }

  /** Highest CQI whose threshold is met; 0 = out of range (below CQI 1, or NaN). */
  public static int cqiForSnr(double snrDb) {
    if (Double.isNaN(snrDb)) {
      return 0;
    }
    int cqi = 0;
    while (cqi < MAX_CQI && snrDb >= THRESHOLD_DB[cqi + 1]) {
      cqi++;
    }
    return cqi;
  }

  /**
   * Bits per channel use at this SNR. Below CQI 1 this still answers CQI 1's efficiency: side info is
   * sent anyway at the most robust MCS (it must be, or the decoder has nothing), and charging it at the
   * lowest rate keeps the accounting honest rather than letting it travel for free.
   */
  public static double spectralEfficiency(double snrDb) {
    return efficiencyOf(Math.max(1, cqiForSnr(snrDb)));
  }

  /** Exact bits per channel use of a CQI row: Qm · R. */
  public static double efficiencyOf(int cqi) {
    checkRow(cqi, 1);
    return BITS_PER_SYMBOL[cqi] * CODE_RATE_X1024[cqi] / 1024.0;
  }

  /** The lowest SNR (dB) at which this CQI is reported; {@code -Infinity} for CQI 0. */
  public static double snrThresholdDb(int cqi) {
    checkRow(cqi, 0);
    return THRESHOLD_DB[cqi];
  }

  public static String modulation(int cqi) {
    checkRow(cqi, 0);
    switch (BITS_PER_SYMBOL[cqi]) {
      case 2: return "QPSK";
      case 4: return "16QAM";
      case 6: return "64QAM";
      case 8: return "256QAM";
      default: return "out of range";
    }
  }

  /**
   * ceil(bits / efficiency), computed in integers from Qm and the code rate × 1024, so that a payload
   * that fills a whole number of channel uses is not charged an extra one by a rounding error.
   */
  public static long channelUsesForBits(long bits, double snrDb) {
    if (bits < 0) {
      throw new IllegalArgumentException("bits must be >= 0, got " + bits);
    }
    int cqi = Math.max(1, cqiForSnr(snrDb));
    long numerator = Math.multiplyExact(bits, 1024L);
    long denominator = (long) BITS_PER_SYMBOL[cqi] * CODE_RATE_X1024[cqi];
    return numerator / denominator + (numerator % denominator == 0 ? 0 : 1);
  }

  private static void checkRow(int cqi, int min) {
    if (cqi < min || cqi > MAX_CQI) {
      throw new IllegalArgumentException("CQI must be in " + min + ".." + MAX_CQI + ", got " + cqi);
    }
  }
}
