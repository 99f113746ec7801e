package io.semstream.codecs.implicit;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.telemetry.Dct1d;
import io.semstream.codecs.telemetry.LinearAnalogTelemetryCodec;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * Implicit NeurJSCC with a linear path: the window is represented as a function of time, the DCT synthesis of
 * its coefficients (the part the linear analog scheme sends, with its allocation, gains and LLSE) plus a sine
 * network over time whose shifts come from what was received ({@link LinearPathModel}). The transmitter is the
 * linear scheme's; the receiver renders the field at the window's times. Its field starts at zero, so an
 * untrained network is exactly the linear scheme and training can only start from that floor.
 */
public final class LinearPathTelemetryCodec implements TelemetryCodec {
  public static final String FAMILY = "implicit-lp";

  private final Name name;
  private final LinearAnalogTelemetryCodec linear;
  private final Model model;
  private final SirenField field;

  /** Takes ownership of {@code model}: {@link #close} closes it. */
  public LinearPathTelemetryCodec(double cbrTarget, Model model) {
    this.name = new Name(FAMILY, cbrTarget);
    this.linear = new LinearAnalogTelemetryCodec(cbrTarget);
    this.model = model;
    this.field = (SirenField) model.getBlock();
  }

  @Override
  public Name name() {
    return name;
  }

  @Override
  public TxPacket encode(TelemetryWindowMeta meta, SeriesWindow window, StreamProfile profile, LinkConditions link) {
    TxPacket packet = linear.encode(meta, window, profile, link);
    packet.setCodecId(name.id());
    return packet;
  }

  @Override
  public synchronized SeriesWindow decode(RxPacket packet, StreamProfile profile) {
    int channels = packet.getHeight(), n = packet.getWidth();
    double[][] coefficients = linear.estimate(packet, profile);
    float[] values = render(coefficients, n, packet.getSnrDb());
    return profile.restore(values, channels, n, n);
  }

  /** The field at the window's n times: linear synthesis plus the network's correction, normalised units. */
  float[] render(double[][] coefficients, int n, double snrDb) {
    int channels = coefficients.length;
    float[] correction;
    try (NDManager scope = NativeEngine.scope(model)) {
      ParameterStore ps = new ParameterStore(scope, false);
      correction = field.render(ps, FourierFeatures.times(scope, field.config(), n),
          scope.create(LinearPathModel.latents(coefficients, n, snrDb), new Shape(channels, field.config().latent())),
          false).toFloatArray();
    }
    NonFiniteOutputException.requireFinite(correction, "the implicit linear-path field");
    float[] out = new float[channels * n];
    for (int c = 0; c < channels; c++) {
      double[] x = Dct1d.inverse(coefficients[c]);
      for (int t = 0; t < n; t++) {
        out[c * n + t] = (float) (x[t] + correction[c * n + t]);
      }
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
