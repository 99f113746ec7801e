package io.semstream.codecs.telemetry;

/**
 * How far a reconstruction is from its window, per channel: the squared error summed over the window, the
 * channel's own variation (squared deviation from its mean in the window, summed) and the largest absolute
 * error, in the channel's unit.
 *
 * <p>{@link #nmse} is the mean over channels of error over variation, so that a channel counts the same
 * whatever its unit (a stock index beside a share price, a temperature beside a rainfall). Channels that
 * are constant in the window have no variation to compare with and are left out; when every channel is,
 * the NMSE is NaN and only the absolute errors speak. Over many windows, sum the two energies per channel
 * before dividing ({@link NmseAccumulator}): a nearly flat window would otherwise weigh as much as a busy one.
 */
public record WindowError(double[] errorEnergy, double[] variation, double[] maxAbsError) {

  public static WindowError of(SeriesWindow original, SeriesWindow reconstruction) {
    if (original.channels() != reconstruction.channels() || original.length() != reconstruction.length()) {
      throw new IllegalArgumentException("a " + reconstruction.channels() + " x " + reconstruction.length()
          + " reconstruction of a " + original.channels() + " x " + original.length() + " window");
    }
    int n = original.length(), channels = original.channels();
    double[] error = new double[channels], variation = new double[channels], maxAbs = new double[channels];
    for (int c = 0; c < channels; c++) {
      double mean = 0;
      for (int t = 0; t < n; t++) {
        mean += original.get(c, t);
      }
      mean /= n;
      for (int t = 0; t < n; t++) {
        double x = original.get(c, t);
        double d = x - reconstruction.get(c, t);
        variation[c] += (x - mean) * (x - mean);
        error[c] += d * d;
        maxAbs[c] = Math.max(maxAbs[c], Math.abs(d));
      }
      if (!(variation[c] > 1e-12 * Math.max(1, n * mean * mean))) {
        variation[c] = 0;
      }
    }
    return new WindowError(error, variation, maxAbs);
  }

  /** Linear, not dB; NaN when every channel is constant. */
  public double nmse() {
    double sum = 0;
    int counted = 0;
    for (int c = 0; c < variation.length; c++) {
      if (variation[c] > 0) {
        sum += errorEnergy[c] / variation[c];
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  public double nmseDb() {
    return 10 * Math.log10(nmse());
  }
}
