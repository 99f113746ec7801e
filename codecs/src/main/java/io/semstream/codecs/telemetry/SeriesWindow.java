package io.semstream.codecs.telemetry;

import java.util.Arrays;

/**
 * One window of a multichannel series: {@code length} time points of {@code channels} channels, stored
 * channel-major as the {@code TelemetryWindow} record carries them (all of channel 0, then channel 1, ...).
 */
public record SeriesWindow(int channels, int length, float[] samples) {

  public SeriesWindow {
    if (channels < 1 || length < 1) {
      throw new IllegalArgumentException("a window needs at least one channel and one time point, got "
          + channels + " x " + length);
    }
    if (samples.length != (long) channels * length) {
      throw new IllegalArgumentException(samples.length + " samples are not " + channels + " channels x "
          + length + " time points");
    }
  }

  public float get(int channel, int t) {
    return samples[channel * length + t];
  }

  /** A copy of one channel's samples. */
  public float[] channel(int c) {
    return Arrays.copyOfRange(samples, c * length, (c + 1) * length);
  }

  /** Values of one channel, the others of the sample source; one sample is one value of one channel. */
  public int sourceDimension() {
    return channels * length;
  }

  /** The window that repeats each channel's last value of this one: what a lost window is concealed with. */
  public SeriesWindow holdLast(int newLength) {
    float[] out = new float[channels * newLength];
    for (int c = 0; c < channels; c++) {
      Arrays.fill(out, c * newLength, (c + 1) * newLength, get(c, length - 1));
    }
    return new SeriesWindow(channels, newLength, out);
  }

  /** The index of the first NaN or infinite sample, or -1. */
  public int firstNonFinite() {
    for (int i = 0; i < samples.length; i++) {
      if (!Float.isFinite(samples[i])) {
        return i;
      }
    }
    return -1;
  }
}
