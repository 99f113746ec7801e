package io.semstream.codecs.telemetry;

/**
 * The NMSE of a stream over many windows: per channel, the error energy of all windows over their
 * variation, then the mean over channels that varied ({@link WindowError}).
 */
public final class NmseAccumulator {
  private final double[] error;
  private final double[] variation;

  public NmseAccumulator(int channels) {
    this.error = new double[channels];
    this.variation = new double[channels];
  }

  public void add(WindowError e) {
    for (int c = 0; c < error.length; c++) {
      error[c] += e.errorEnergy()[c];
      variation[c] += e.variation()[c];
    }
  }

  /** The summed variation per channel, for a bound that weighs the channels alike. */
  public double[] variation() {
    return variation.clone();
  }

  /** Linear; NaN when no channel varied. */
  public double nmse() {
    double sum = 0;
    int counted = 0;
    for (int c = 0; c < error.length; c++) {
      if (variation[c] > 0) {
        sum += error[c] / variation[c];
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }
}
