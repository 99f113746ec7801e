package io.semstream.codecs.eval;

import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.FadingState;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.telemetry.GaussianBound;
import io.semstream.codecs.telemetry.NmseAccumulator;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.telemetry.TelemetryPackets;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.codecs.telemetry.WindowError;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Telemetry codecs over simulated channels, as the pipeline runs them: each series is one recorded stream,
 * calibrated on the whole of itself ({@link StreamProfile#of}), windows go through encode → channel → decode in order, and a
 * lost window is concealed by holding the previous reconstruction's last values (the profile's location
 * before any arrived). A row's NMSE is the mean over series of each series' NMSE ({@link NmseAccumulator}). The family {@code bound} adds the Gaussian rate-distortion line of each CBR.
 */
public final class TelemetryEvaluator {
  public static final String BOUND = "bound";

  /**
   * A series cut into windows, under the stream id its channel draws are keyed by, with the profile it is
   * calibrated with (computed once, whatever the number of codecs and channel points evaluated on it).
   */
  public record Series(String streamId, List<SeriesWindow> windows, StreamProfile profile) {
    public Series(String streamId, List<SeriesWindow> windows) {
      this(streamId, windows, StreamProfile.of(windows));
    }
  }

  private final long seed;
  private final double designSnrDb;

  public TelemetryEvaluator(long seed, double designSnrDb) {
    this.seed = seed;
    this.designSnrDb = designSnrDb;
  }

  /** @param progress told after each (family, CBR, channel, SNR) cell */
  public List<TelemetryEvalRow> evaluate(List<String> families, List<Double> cbrs, List<String> channels,
      List<Double> snrs, List<Series> series, IntConsumer progress) {
    List<TelemetryEvalRow> rows = new ArrayList<>();
    int done = 0;
    for (String family : families) {
      for (double cbr : cbrs) {
        for (String channel : channels) {
          for (double snr : snrs) {
            if (BOUND.equals(family)) {
              rows.add(bound(cbr, channel, snr, series));
            } else {
              try (TelemetryCodec codec = TelemetryCodecs.create(family, cbr, designSnrDb)) {
                rows.add(run(codec, channel, snr, series));
              }
            }
            progress.accept(++done);
          }
        }
      }
    }
    return rows;
  }

  private TelemetryEvalRow run(TelemetryCodec codec, String channel, double snr, List<Series> series) {
    ChannelSimulator simulator = new ChannelSimulator(seed);
    ChannelConfig config = ChannelConfig.parse(channel, snr);
    LinkConditions link = LinkConditions.of(config);
    StreamMean nmse = new StreamMean();
    double power = 0;
    long uses = 0, samples = 0;
    int windows = 0, lost = 0, sent = 0;
    for (Series s : series) {
      StreamProfile profile = s.profile();
      NmseAccumulator stream = new NmseAccumulator(profile.channels());
      SeriesWindow previous = null;
      FadingState fading = null;
      for (int seq = 0; seq < s.windows().size(); seq++) {
        SeriesWindow window = s.windows().get(seq);
        TxPacket tx = codec.encode(new TelemetryWindowMeta(s.streamId(), seq, 0), window, profile, link);
        float[] iq = Symbols.fromBytes(tx.getSymbols());
        ChannelOutput out = simulator.transmit(iq, config, s.streamId(), seq, fading);
        fading = out.next();
        RxPacket rx = RxPackets.from(tx, out, config, 0);
        SeriesWindow decoded;
        try {
          decoded = codec.decode(rx, profile);
        } catch (FrameLostException e) {
          decoded = (previous != null ? previous : locationOf(profile)).holdLast(window.length());
          lost++;
        }
        previous = decoded;
        stream.add(WindowError.of(window, decoded));
        windows++;
        uses += tx.getChannelUses();
        samples += window.sourceDimension();
        if (iq.length > 0) {
          power += tx.getPower();
          sent++;
        }
      }
      nmse.add(stream.nmse());
    }
    return new TelemetryEvalRow(codec.id(), channel, snr, codec.cbrTarget(), (double) uses / samples,
        nmse.db(), windows, lost, sent == 0 ? 0 : power / sent);
  }

  /** The mean of the streams' NMSEs, each stream counting once whatever its length. */
  private static final class StreamMean {
    private double sum;
    private int count;

    void add(double nmse) {
      if (!Double.isNaN(nmse)) {
        sum += nmse;
        count++;
      }
    }

    double db() {
      return 10 * Math.log10(sum / count);
    }
  }

  private static SeriesWindow locationOf(StreamProfile profile) {
    float[] samples = new float[profile.channels()];
    for (int c = 0; c < samples.length; c++) {
      samples[c] = (float) profile.location()[c];
    }
    return new SeriesWindow(samples.length, 1, samples);
  }

  private static TelemetryEvalRow bound(double cbr, String channel, double snr, List<Series> series) {
    StreamMean nmse = new StreamMean();
    long uses = 0, samples = 0;
    int windows = 0;
    for (Series s : series) {
      StreamProfile profile = s.profile();
      NmseAccumulator variation = new NmseAccumulator(profile.channels());
      s.windows().forEach(w -> variation.add(WindowError.of(w, w)));
      double[] weights = variation.variation();
      int counted = 0;
      for (int c = 0; c < weights.length; c++) {
        weights[c] = weights[c] > 0 ? 1 / weights[c] : 0;
        counted += weights[c] > 0 ? 1 : 0;
      }
      double distortion = 0;
      for (SeriesWindow w : s.windows()) {
        long budget = TelemetryPackets.budget(cbr, w);
        distortion += GaussianBound.weightedDistortion(w, budget, snr, profile.location(), weights);
        windows++;
        uses += budget;
        samples += w.sourceDimension();
      }
      nmse.add(counted == 0 ? Double.NaN : distortion / counted);
    }
    return new TelemetryEvalRow(new TelemetryCodec.Name(BOUND, cbr).id(), channel, snr, cbr, (double) uses / samples,
        nmse.db(), windows, 0, 1);
  }
}
