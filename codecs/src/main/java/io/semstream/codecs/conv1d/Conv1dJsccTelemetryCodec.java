package io.semstream.codecs.conv1d;

import io.semstream.codecs.channel.RxPackets;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.telemetry.TelemetryPackets;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * The explicit-family baseline for telemetry: every channel of a window, put on the network's scale by the
 * stream profile and padded to a multiple of 16 points, through a {@link Conv1dJsccNetwork} trained on the
 * training series. The first k latent channels go out analog, k what the CBR allows; the receiver undoes a
 * fading gain it knows and decodes at the SNR that leaves.
 */
public final class Conv1dJsccTelemetryCodec implements TelemetryCodec {
  public static final String FAMILY = "conv1d-jscc";

  private final double cbr;
  private final Name name;
  private final Model model;
  private final Conv1dJsccNetwork network;

  /** Takes ownership of {@code model}: {@link #close} closes it. */
  public Conv1dJsccTelemetryCodec(double cbrTarget, Model model) {
    this.cbr = cbrTarget;
    this.name = new Name(FAMILY, cbrTarget);
    this.model = model;
    this.network = (Conv1dJsccNetwork) model.getBlock();
  }

  @Override
  public Name name() {
    return name;
  }

  static int padded(int length) {
    int d = Conv1dJsccNetwork.DOWNSAMPLE;
    return (length + d - 1) / d * d;
  }

  /** Latent channels sent per window channel: as many whole ones as the budget's reals hold, at most all. */
  int active(int channels, int length) {
    long reals = 2 * TelemetryPackets.budget(cbr, (long) channels * length);
    int positions = padded(length) / Conv1dJsccNetwork.DOWNSAMPLE;
    return (int) Math.min(Conv1dJsccNetwork.LATENT_CHANNELS, reals / ((long) channels * positions));
  }

  @Override
  public synchronized TxPacket encode(TelemetryWindowMeta meta, SeriesWindow window, StreamProfile profile,
      LinkConditions link) {
    int channels = window.channels(), n = window.length(), np = padded(n);
    int positions = np / Conv1dJsccNetwork.DOWNSAMPLE, k = active(channels, n);
    float[] iq = new float[2 * (int) Math.ceil(channels * k * positions / 2.0)];
    if (k > 0) {
      float[] x = new float[channels * np];
      for (int c = 0; c < channels; c++) {
        for (int t = 0; t < np; t++) {
          // Padding repeats the last point: a step down to zero would cost the code more than the window's end.
          x[c * np + t] = (float) profile.normalise(c, window.get(c, Math.min(t, n - 1)));
        }
      }
      float[] z;
      try (NDManager scope = NativeEngine.scope(model)) {
        ParameterStore ps = new ParameterStore(scope, false);
        NDArray snr = scope.full(new Shape(channels, 1), (float) link.snrDb());
        NDArray latent = network.encode(ps, scope.create(x, new Shape(channels, 1, np)), snr, false);
        z = Conv1dJsccNetwork.normalisePower(latent, mask(scope, channels, k)).toFloatArray();
      }
      NonFiniteOutputException.requireFinite(z, "the 1-D Deep JSCC encoder");
      int at = 0;
      for (int c = 0; c < channels; c++) {
        for (int j = 0; j < k; j++) {
          System.arraycopy(z, (c * Conv1dJsccNetwork.LATENT_CHANNELS + j) * positions, iq, at, positions);
          at += positions;
        }
      }
    }
    return TelemetryPackets.analog(meta, name.id(), link, window, iq);
  }

  @Override
  public synchronized SeriesWindow decode(RxPacket packet, StreamProfile profile) {
    int channels = packet.getHeight(), n = packet.getWidth(), np = padded(n);
    int positions = np / Conv1dJsccNetwork.DOWNSAMPLE, k = active(channels, n), latent = Conv1dJsccNetwork.LATENT_CHANNELS;
    float[] y = Symbols.fromBytes(packet.getSymbols());
    if (y.length < channels * k * positions) {
      throw new CodecException("packet " + packet.getSeq() + " has " + y.length + " reals for " + channels + " x " + k
          + " x " + positions + " latent entries");
    }
    float[] gains = packet.getFadingGains() == null ? null : Symbols.fromBytes(packet.getFadingGains());
    double n0 = Math.pow(10, -packet.getSnrDb() / 10);
    float[] z = new float[channels * latent * positions];
    double signal = 0, noise = 0;
    int at = 0;
    for (int c = 0; c < channels; c++) {
      for (int j = 0; j < k; j++) {
        for (int p = 0; p < positions; p++, at++) {
          double[] link = RxPackets.equalised(gains, at / 2, n0);
          z[(c * latent + j) * positions + p] = (float) (y[at] / link[0]);
          signal += 0.5;
          noise += link[1] / (link[0] * link[0]);
        }
      }
    }
    double snrDb = at == 0 ? packet.getSnrDb() : 10 * Math.log10(signal / noise);
    float[] values;
    try (NDManager scope = NativeEngine.scope(model)) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray snr = scope.full(new Shape(channels, 1), (float) snrDb);
      values = network.decode(ps, scope.create(z, new Shape(channels, latent, positions)), snr, false).toFloatArray();
    }
    NonFiniteOutputException.requireFinite(values, "the 1-D Deep JSCC decoder");
    return profile.restore(values, channels, n, np);
  }

  /** [B, L, 1]: ones on the first k latent channels. */
  static NDArray mask(NDManager scope, int batch, int k) {
    float[] m = new float[batch * Conv1dJsccNetwork.LATENT_CHANNELS];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < k; j++) {
        m[b * Conv1dJsccNetwork.LATENT_CHANNELS + j] = 1;
      }
    }
    return scope.create(m, new Shape(batch, Conv1dJsccNetwork.LATENT_CHANNELS, 1));
  }

  @Override
  public void close() {
    model.close();
  }
}
