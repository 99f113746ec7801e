package io.semstream.codecs.telemetry;

import java.util.ArrayList;
import java.util.List;

/**
 * The least distortion any code could reach on a window at a given number of channel uses and SNR, if the
 * window were Gaussian with its own spectrum: the channel carries at most C = uses · log2(1 + SNR) bits
 * (complex AWGN), and reverse water-filling over the window's DCT coefficients gives the distortion at
 * rate C. Channels are weighted (as an NMSE weighs them, by one over their variation), so the bound is
 * on the codecs' scale. A reference line, not a codec: nothing is sent.
 */
public final class GaussianBound {
  private GaussianBound() {}

  /**
   * Σ_c weight_c · (squared error of channel c) at the bound.
   *
   * @param location per channel, what both ends know the samples vary about (the stream profile's)
   * @param weights per channel; 0 leaves a channel out (it is neither coded nor counted)
   */
  public static double weightedDistortion(SeriesWindow window, long channelUses, double snrDb, double[] location,
      double[] weights) {
    double capacityBits = channelUses * Math.log(1 + Math.pow(10, snrDb / 10)) / Math.log(2);
    List<Double> weighted = new ArrayList<>();
    for (int c = 0; c < window.channels(); c++) {
      if (weights[c] > 0) {
        float[] x = window.channel(c);
        for (int t = 0; t < x.length; t++) {
          x[t] -= (float) location[c];
        }
        for (double coefficient : Dct1d.forward(x)) {
          weighted.add(weights[c] * coefficient * coefficient);
        }
      }
    }
    return distortionAtRate(weighted.stream().mapToDouble(Double::doubleValue).toArray(), capacityBits);
  }

  /** Reverse water-filling: Σ min(θ, λ) where Σ max(0, ½ log2(λ/θ)) = rate. */
  static double distortionAtRate(double[] lambda, double rateBits) {
    double total = 0, largest = 0;
    for (double l : lambda) {
      total += l;
      largest = Math.max(largest, l);
    }
    if (rateBits <= 0 || largest == 0) {
      return total;
    }
    double lo = 0, hi = largest;
    for (int i = 0; i < 200; i++) {
      double theta = 0.5 * (lo + hi);
      if (rate(lambda, theta) > rateBits) {
        lo = theta;
      } else {
        hi = theta;
      }
    }
    double d = 0;
    for (double l : lambda) {
      d += Math.min(hi, l);
    }
    return d;
  }

  private static double rate(double[] lambda, double theta) {
    double r = 0;
    for (double l : lambda) {
      if (l > theta) {
        r += 0.5 * Math.log(l / theta) / Math.log(2);
      }
    }
    return r;
  }
}
