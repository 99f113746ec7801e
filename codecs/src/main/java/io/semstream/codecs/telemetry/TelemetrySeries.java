package io.semstream.codecs.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multichannel series as a CSV file holds it: channel names, one timestamp per time point (epoch ms) and
 * the values, channel by channel.
 */
public record TelemetrySeries(List<String> channelNames, long[] timestampsMs, double sampleRateHz,
    float[][] values) {

  public TelemetrySeries {
    channelNames = List.copyOf(channelNames);
    if (values.length != channelNames.size() || values.length == 0) {
      throw new IllegalArgumentException(values.length + " channels of values for " + channelNames.size() + " names");
    }
    for (float[] v : values) {
      if (v.length != timestampsMs.length) {
        throw new IllegalArgumentException("every channel needs one value per timestamp");
      }
    }
  }

  public int channels() {
    return values.length;
  }

  public int length() {
    return timestampsMs.length;
  }

  /** One window of {@code length} time points from {@code start}. */
  public SeriesWindow window(int start, int length) {
    float[] samples = new float[channels() * length];
    for (int c = 0; c < channels(); c++) {
      System.arraycopy(values[c], start, samples, c * length, length);
    }
    return new SeriesWindow(channels(), length, samples);
  }

  /** Whole windows of {@code length} points from the start; a shorter tail is left out. */
  public List<SeriesWindow> windows(int length) {
    if (length < 2) {
      throw new IllegalArgumentException("a window needs at least 2 time points, got " + length);
    }
    List<SeriesWindow> out = new ArrayList<>();
    for (int start = 0; start + length <= length(); start += length) {
      out.add(window(start, length));
    }
    return out;
  }

  /** A series of consecutive windows (reconstructions, in seq order) and their samples' times. */
  public static TelemetrySeries of(List<String> names, long[] timestamps, double rate, List<SeriesWindow> windows) {
    int channels = names.size();
    int length = windows.stream().mapToInt(SeriesWindow::length).sum();
    float[][] values = new float[channels][length];
    int at = 0;
    for (SeriesWindow w : windows) {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(w.samples(), c * w.length(), values[c], at, w.length());
      }
      at += w.length();
    }
    return new TelemetrySeries(names, Arrays.copyOf(timestamps, length), rate, values);
  }
}
