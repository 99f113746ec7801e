package io.semstream.topology.records;

import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.topology.records.RejectedRecordException;
import java.util.List;

/** A {@code TelemetryWindow} record as a {@link SeriesWindow}, or the reason it cannot be one. */
public final class TelemetryWindows {
  private TelemetryWindows() {}

  public static SeriesWindow of(TelemetryWindow w) {
    int channels = w.getChannelNames().size();
    List<Float> samples = w.getSamples();
    if (channels == 0 || samples.isEmpty()) {
      throw new RejectedRecordException("window " + w.getSeq() + " of stream " + w.getStreamId() + " is empty ("
          + channels + " channels, " + samples.size() + " samples)");
    }
    if (samples.size() % channels != 0) {
      throw new RejectedRecordException("window " + w.getSeq() + " has " + samples.size() + " samples, not a whole"
          + " number of time points of its " + channels + " channels");
    }
    if (!(w.getSampleRateHz() >= 0) || Double.isInfinite(w.getSampleRateHz())) {
      throw new RejectedRecordException("window " + w.getSeq() + " has sample rate " + w.getSampleRateHz()
          + " Hz; expected a finite rate >= 0 (0: irregular or unknown)");
    }
    float[] values = new float[samples.size()];
    for (int i = 0; i < values.length; i++) {
      float v = samples.get(i);
      if (!Float.isFinite(v)) {
        int length = values.length / channels;
        throw new RejectedRecordException("window " + w.getSeq() + " holds " + v + " at channel '"
            + w.getChannelNames().get(i / length) + "', time point " + (i % length)
            + "; telemetry samples must be finite");
      }
      values[i] = v;
    }
    return new SeriesWindow(channels, values.length / channels, values);
  }
}
