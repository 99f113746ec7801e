package io.semstream.codecs.metrics;

/** Percentiles of measured values (latencies), by nearest rank. */
public final class Percentiles {
  private Percentiles() {}

  /** The smallest value with at least p of the values at or below it; 0 for no values. {@code sorted} ascending. */
  public static double nearestRank(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
