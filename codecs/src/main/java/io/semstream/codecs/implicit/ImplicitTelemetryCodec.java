package io.semstream.codecs.implicit;

import io.semstream.codecs.channel.RxPackets;
import ai.djl.Model;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.telemetry.TelemetryPackets;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;

/**
 * Implicit NeurJSCC for telemetry: each channel of a window is a function of time, represented by the
 * meta-learned {@link SirenField} and a latent fitted to it at the transmitter ({@link LatentFitter}, a few
 * steps from zero). The first d latent entries of every channel go out analog, two to a channel use, each
 * scaled by the latent prior (1/(σ√2): unit power on average); d is what the CBR allows. The receiver
 * estimates the latent linearly (LLSE from σ and the SNR) and renders the field at the window's times.
 * The stream profile's location and scale put every channel on the scale the network was trained on.
 */
public final class ImplicitTelemetryCodec implements TelemetryCodec {
  public static final String FAMILY = "implicit";

  private final double cbr;
  private final Name name;
  private final FieldCoder coder;
  private final LatentPrior prior;

  /** Takes ownership of {@code model}: {@link #close} closes it. */
  public ImplicitTelemetryCodec(double cbrTarget, Model model, LatentPrior prior, int fitSteps) {
    this.cbr = cbrTarget;
    this.name = new Name(FAMILY, cbrTarget);
    this.coder = new FieldCoder(model, fitSteps);
    if (prior.std().length != coder.config().latent()) {
      model.close();
      throw new IllegalArgumentException("a latent prior of " + prior.std().length + " entries for a latent of "
          + coder.config().latent());
    }
    this.prior = prior;
  }

  @Override
  public Name name() {
    return name;
  }

  /** Latent entries per channel: two per channel use of the budget, at most the network's latent. */
  int active(int channels, int length) {
    long uses = TelemetryPackets.budget(cbr, (long) channels * length);
    return (int) Math.min(coder.config().latent(), 2 * uses / channels);
  }

  @Override
  public synchronized TxPacket encode(TelemetryWindowMeta meta, SeriesWindow window,
      StreamProfile profile, LinkConditions link) {
    int channels = window.channels(), n = window.length(), latent = coder.config().latent();
    int d = active(channels, n);
    float[] iq = new float[2 * (int) Math.ceil(channels * d / 2.0)];
    if (d > 0) {
      float[] z = coder.fit(window, profile, d);
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < d; i++) {
          iq[c * d + i] = (float) (z[c * latent + i] / (prior.std()[i] * Math.sqrt(2)));
        }
      }
    }
    return TelemetryPackets.analog(meta, name.id(), link, window, iq);
  }

  @Override
  public synchronized SeriesWindow decode(RxPacket packet, StreamProfile profile) {
    int channels = packet.getHeight(), n = packet.getWidth(), latent = coder.config().latent();
    int d = active(channels, n);
    float[] y = Symbols.fromBytes(packet.getSymbols());
    if (y.length < channels * d) {
      throw new CodecException("packet " + packet.getSeq() + " has " + y.length + " reals for " + channels + " x "
          + d + " latent entries");
    }
    float[] gains = packet.getFadingGains() == null ? null : Symbols.fromBytes(packet.getFadingGains());
    double n0 = Math.pow(10, -packet.getSnrDb() / 10);
    float[] z = new float[channels * latent];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < d; i++) {
        int at = c * d + i;
        // LLSE of the unit-variance-½ symbol s from r = a·s + n, then back to the latent's scale
        double[] link = RxPackets.equalised(gains, at / 2, n0);
        double s = link[0] * 0.5 / (link[0] * link[0] * 0.5 + link[1]) * y[at];
        z[c * latent + i] = (float) (prior.std()[i] * Math.sqrt(2) * s);
      }
    }
    return coder.render(z, channels, n, profile);
  }

  @Override
  public void close() {
    coder.close();
  }
}
