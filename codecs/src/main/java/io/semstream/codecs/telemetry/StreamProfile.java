package io.semstream.codecs.telemetry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * What both ends of a telemetry link agree on when a stream is set up: each channel's location and scale
 * (the samples travel as (x − location) / scale) and its spectrum, the mean squared normalised DCT
 * coefficient in octave bands (band 0 is the mean, band b ≥ 1 covers coefficients [2^(b−1), 2^b) of a
 * window of {@code profileLength} points; other lengths map by frequency).
 *
 * <p>It is measured on a calibration span of the stream ({@link #of(List)}): the whole series in {@code eval},
 * the first window in the pipeline. Sending it with every window would cost more channel uses than the
 * window itself at low SNR (its 80 bytes a channel at 0.38 bit per channel use are some 1700 uses a channel,
 * against 50 for a whole 8-channel, 100-point window at CBR 1/16), so, like a sensor's
 * calibration in a telemetry format, it is stream metadata: it travels beside the packets and is not
 * charged per window. Every telemetry codec gets the same profile, so the comparison stays fair, and a
 * codec whose gains follow the profile meets its power constraint on average over the calibration span.
 */
public record StreamProfile(double[] location, double[] scale, int profileLength, double[][] bandVariance) {

  /**
   * The prior variance of a later window's mean, in scale units squared, when the calibration is a single
   * window (whose own mean is zero after normalisation): drift of half a scale is usual.
   */
  static final double MEAN_DRIFT_VARIANCE = 0.25;
  /** The smallest band variance: no band is ruled out because the first window happened to be quiet in it. */
  static final double VARIANCE_FLOOR = 1e-4;

  public StreamProfile {
    if (location.length != scale.length || scale.length != bandVariance.length || location.length == 0) {
      throw new IllegalArgumentException("a profile needs one location, scale and spectrum per channel");
    }
    for (double s : scale) {
      if (!(s > 0) || !Double.isFinite(s)) {
        throw new IllegalArgumentException("a channel's scale must be positive and finite, got " + s);
      }
    }
  }

  public int channels() {
    return location.length;
  }

  public static int bands(int length) {
    return 2 + (31 - Integer.numberOfLeadingZeros(Math.max(1, length - 1)));
  }

  /** The band of DCT coefficient {@code k} of a window of {@code length} points. */
  public int band(int k, int length) {
    if (k == 0) {
      return 0;
    }
    double atProfile = Math.max(1, (double) k * profileLength / length);
    int b = 1 + (int) Math.floor(Math.log(atProfile) / Math.log(2) + 1e-9);
    return Math.min(b, bandVariance[0].length - 1);
  }

  /** The prior variance of normalised DCT coefficient {@code k} of channel {@code c}. */
  public double variance(int c, int k, int length) {
    double v = bandVariance[c][band(k, length)];
    return k == 0 ? v * length / profileLength : v;
  }

  public double normalise(int c, double x) {
    return (x - location[c]) / scale[c];
  }

  public double restore(int c, double v) {
    return v * scale[c] + location[c];
  }

  /**
   * A window back on its channels' scales from a network's normalised output, channel-major with {@code stride}
   * values a channel (at least {@code length}: a network may work on a padded window).
   */
  public SeriesWindow restore(float[] normalised, int channels, int length, int stride) {
    float[] out = new float[channels * length];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < length; t++) {
        out[c * length + t] = (float) restore(c, normalised[c * stride + t]);
      }
    }
    return new SeriesWindow(channels, length, out);
  }

  /**
   * The profile of a calibration span: each channel's mean and standard deviation over all its samples
   * and the mean squared coefficient per band over the windows. A channel that is constant in the span (a
   * dry week of rain) gets a scale from its magnitude, or 1, so that later movement is not divided by zero.
   *
   * @param windows of one length
   */
  public static StreamProfile of(List<SeriesWindow> windows) {
    SeriesWindow first = windows.get(0);
    int channels = first.channels(), n = first.length();
    for (SeriesWindow w : windows) {
      if (w.channels() != channels || w.length() != n) {
        throw new IllegalArgumentException("a calibration span of windows of one shape, got " + w.channels() + " x "
            + w.length() + " beside " + channels + " x " + n);
      }
    }
    double[] location = new double[channels];
    double[] scale = new double[channels];
    for (int c = 0; c < channels; c++) {
      double sum = 0, squares = 0;
      for (SeriesWindow w : windows) {
        for (int t = 0; t < n; t++) {
          double x = w.get(c, t);
          sum += x;
          squares += x * x;
        }
      }
      long count = (long) windows.size() * n;
      double mean = sum / count;
      double std = Math.sqrt(Math.max(0, squares / count - mean * mean));
      double magnitude = Math.abs(mean);
      location[c] = mean;
      scale[c] = std > 1e-6 * magnitude && std > 0 ? std : (magnitude > 0 ? magnitude : 1);
    }
    int bands = bands(n);
    double[][] spectrum = new double[channels][bands];
    StreamProfile shell = new StreamProfile(location, scale, n, spectrum);
    int[] count = new int[bands];
    for (int k = 0; k < n; k++) {
      count[shell.band(k, n)]++;
    }
    float[] normalised = new float[n];
    for (int c = 0; c < channels; c++) {
      for (SeriesWindow w : windows) {
        for (int t = 0; t < n; t++) {
          normalised[t] = (float) shell.normalise(c, w.get(c, t));
        }
        double[] coefficients = Dct1d.forward(normalised);
        for (int k = 0; k < n; k++) {
          spectrum[c][shell.band(k, n)] += coefficients[k] * coefficients[k];
        }
      }
      for (int b = 0; b < bands; b++) {
        spectrum[c][b] = count[b] == 0 ? VARIANCE_FLOOR
            : Math.max(VARIANCE_FLOOR, spectrum[c][b] / ((double) count[b] * windows.size()));
      }
      if (windows.size() == 1) {
        spectrum[c][0] = Math.max(spectrum[c][0], MEAN_DRIFT_VARIANCE * n);
      }
    }
    return shell;
  }

  public byte[] toBytes() {
    int channels = channels(), bands = bandVariance[0].length;
    ByteBuffer b = ByteBuffer.allocate(12 + channels * 8 * (2 + bands)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(channels).putInt(bands).putInt(profileLength);
    for (int c = 0; c < channels; c++) {
      b.putDouble(location[c]).putDouble(scale[c]);
      for (double v : bandVariance[c]) {
        b.putDouble(v);
      }
    }
    return b.array();
  }

  public static StreamProfile fromBytes(ByteBuffer in) {
    ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    try {
      int channels = b.getInt(), bands = b.getInt(), length = b.getInt();
      if (channels < 1 || bands < 1 || length < 1 || b.remaining() != (long) channels * 8 * (2 + bands)) {
        throw new IllegalArgumentException("a stream profile of " + b.capacity() + " bytes does not hold "
            + channels + " channels of " + bands + " bands (expected " + (12L + (long) channels * 8 * (2 + bands))
            + " bytes)");
      }
      double[] location = new double[channels], scale = new double[channels];
      double[][] spectrum = new double[channels][bands];
      for (int c = 0; c < channels; c++) {
        location[c] = b.getDouble();
        scale[c] = b.getDouble();
        for (int k = 0; k < bands; k++) {
          spectrum[c][k] = b.getDouble();
        }
      }
      return new StreamProfile(location, scale, length, spectrum);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("a stream profile is cut short", e);
    }
  }
}
