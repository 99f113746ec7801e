package io.semstream.codecs.telemetry;

import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.channel.Symbols;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The linear analog scheme over a window, SoftCast's 1-D form: each channel normalised by the stream
 * profile and DCT'd; the coefficients with the largest prior variance λ, two to a complex channel use, as
 * many as the CBR allows, each sent scaled by λ^(−1/4) (the gain that minimises the receiver's mean
 * squared error for a given power); the receiver's linear least-squares estimate from λ, the gain and the
 * noise; the rest left at their prior mean, zero. No training and no side info: the prior comes from the
 * profile both ends hold, so the choice of coefficients and their gains needs no signalling, and the power
 * constraint holds on average over windows that resemble the profile ({@code TxPacket.power} records each
 * window's own).
 */
public final class LinearAnalogTelemetryCodec implements TelemetryCodec {
  public static final String FAMILY = "linear";

  private final double cbr;
  private final Name name;

  public LinearAnalogTelemetryCodec(double cbrTarget) {
    this.cbr = cbrTarget;
    this.name = new Name(FAMILY, cbrTarget);
  }



  @Override
  public Name name() {
    return name;
  }

  /** The coefficients sent, as channel·length + k, most variance first, and their gains. */
  record Allocation(int[] coefficients, double[] variance, double[] gain) {}

  static Allocation allocate(StreamProfile profile, int channels, int length, long uses) {
    if (profile.channels() != channels) {
      throw new CodecException("the stream profile has " + profile.channels() + " channels, the window " + channels);
    }
    int total = channels * length;
    double[] prior = new double[total];
    for (int c = 0; c < channels; c++) {
      for (int k = 0; k < length; k++) {
        prior[c * length + k] = profile.variance(c, k, length);
      }
    }
    int sent = (int) Math.min(total, 2 * uses);
    int[] order = IntStream.range(0, total).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -prior[i]).thenComparingInt(i -> i % length)
            .thenComparingInt(i -> i / length))
        .limit(sent).mapToInt(Integer::intValue).toArray();
    double[] variance = new double[sent];
    double rootSum = 0;
    for (int i = 0; i < sent; i++) {
      variance[i] = prior[order[i]];
      rootSum += Math.sqrt(variance[i]);
    }
    // Expected energy Σ g²λ = γ² Σ √λ, set to one unit per complex symbol.
    double symbols = Math.ceil(sent / 2.0);
    double gamma = rootSum == 0 ? 0 : Math.sqrt(symbols / rootSum);
    double[] gain = new double[sent];
    for (int i = 0; i < sent; i++) {
      gain[i] = gamma * Math.pow(variance[i], -0.25);
    }
    return new Allocation(order, variance, gain);
  }

  @Override
  public TxPacket encode(TelemetryWindowMeta meta, SeriesWindow window, StreamProfile profile, LinkConditions link) {
    int channels = window.channels(), n = window.length();
    long uses = TelemetryPackets.budget(cbr, window);
    Allocation a = allocate(profile, channels, n, uses);
    double[][] coefficients = new double[channels][];
    for (int c = 0; c < channels; c++) {
      float[] normalised = new float[n];
      for (int t = 0; t < n; t++) {
        normalised[t] = (float) profile.normalise(c, window.get(c, t));
      }
      coefficients[c] = Dct1d.forward(normalised);
    }
    int sent = a.coefficients().length;
    float[] iq = new float[2 * (int) Math.ceil(sent / 2.0)];
    for (int i = 0; i < sent; i++) {
      int index = a.coefficients()[i];
      iq[i] = (float) (a.gain()[i] * coefficients[index / n][index % n]);
    }
    NonFiniteOutputException.requireFinite(iq, "the linear telemetry encoder");
    return TelemetryPackets.analog(meta, name.id(), link, window, iq);
  }

  @Override
  public SeriesWindow decode(RxPacket packet, StreamProfile profile) {
    int channels = packet.getHeight(), n = packet.getWidth();
    double[][] coefficients = estimate(packet, profile);
    float[] out = new float[channels * n];
    for (int c = 0; c < channels; c++) {
      double[] x = Dct1d.inverse(coefficients[c]);
      for (int t = 0; t < n; t++) {
        out[c * n + t] = (float) profile.restore(c, x[t]);
      }
    }
    NonFiniteOutputException.requireFinite(out, "the linear telemetry decoder");
    return new SeriesWindow(channels, n, out);
  }

  /**
   * The receiver's linear least-squares estimate of every normalised DCT coefficient of the window, per
   * channel; the coefficients not sent are at their prior mean, zero.
   */
  public double[][] estimate(RxPacket packet, StreamProfile profile) {
    int channels = packet.getHeight(), n = packet.getWidth();
    long uses = TelemetryPackets.budget(cbr, (long) channels * n);
    Allocation a = allocate(profile, channels, n, uses);
    float[] y = Symbols.fromBytes(packet.getSymbols());
    int sent = a.coefficients().length;
    if (y.length < sent) {
      throw new CodecException("packet " + packet.getSeq() + " has " + y.length / 2 + " symbols, the allocation "
          + (sent + 1) / 2);
    }
    float[] gains = packet.getFadingGains() == null ? null : Symbols.fromBytes(packet.getFadingGains());
    double n0 = Math.pow(10, -packet.getSnrDb() / 10);
    double[][] coefficients = new double[channels][n];
    for (int i = 0; i < sent; i++) {
      double[] link = RxPackets.equalised(gains, i / 2, n0);
      double g = a.gain()[i] * link[0], lambda = a.variance()[i];
      int index = a.coefficients()[i];
      coefficients[index / n][index % n] = g * lambda / (g * g * lambda + link[1]) * y[i];
    }
    return coefficients;
  }
}
