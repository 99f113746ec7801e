package io.semstream.codecs.implicit;

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
    int channels = window.channels(), n = window.length();
    int d = active(channels, n);
    float[] iq = d > 0 ? prior.send(coder.fit(window, profile, d), channels, d) : new float[0];
    return TelemetryPackets.analog(meta, name.id(), link, window, iq);
  }

  @Override
  public synchronized SeriesWindow decode(RxPacket packet, StreamProfile profile) {
    int channels = packet.getHeight(), n = packet.getWidth();
    int d = active(channels, n);
    float[] y = Symbols.fromBytes(packet.getSymbols());
    if (y.length < channels * d) {
      throw new CodecException("packet " + packet.getSeq() + " has " + y.length + " reals for " + channels + " x "
          + d + " latent entries");
    }
    float[] gains = packet.getFadingGains() == null ? null : Symbols.fromBytes(packet.getFadingGains());
    float[] z = prior.receive(y, gains, Math.pow(10, -packet.getSnrDb() / 10), channels, d);
    return coder.render(z, channels, n, profile);
  }

  @Override
  public void close() {
    coder.close();
  }
}
