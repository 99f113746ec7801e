package io.semstream.codecs.channel;

import io.semstream.schemas.FadingModel;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The radio link between transmitter and receiver: y = h·x + n with n ~ CN(0, N0) and, under Rayleigh
 * fading, h ~ CN(0, 1). Stateless apart from the run seed, so one instance may serve every stream and
 * thread; the only state that crosses packets, the fading gain, is handed in and out explicitly so the
 * caller can keep it in a fault-tolerant store.
 */
public final class ChannelSimulator {
  private static final double TWO_PI = 2 * Math.PI;

  private final long runSeed;

  public ChannelSimulator(long runSeed) {
    this.runSeed = runSeed;
  }

  public long runSeed() {
    return runSeed;
  }

  /**
   * Sends one packet through the channel.
   *
   * <p>N0 is derived from the configured SNR against the nominal power P = 1, not against the packet's
   * measured power: the encoder owns power normalisation, and a channel that rescaled its noise to
   * whatever arrived would hide an encoder that forgot to normalise.
   *
   * <p>Fading and noise come from two fixed sub-streams of {@link SeededRandom}, split in the same
   * order whatever the model. The noise of a packet is therefore the same under AWGN and under Rayleigh
   * for the same (seed, stream, seq), so comparing channel models compares the models, not the luck of
   * the draw.
   *
   * @param iq interleaved complex symbols with (nominally) unit average power; not modified
   * @param previous the {@link ChannelOutput#next()} of this stream's previous packet, or {@code null}.
   *     Only fast fading uses it; block fading draws an independent h per frame by definition
   */
  public ChannelOutput transmit(float[] iq, ChannelConfig config, String streamId, long seq, FadingState previous) {
    Objects.requireNonNull(iq, "iq");
    Objects.requireNonNull(config, "config");
    if (iq.length % 2 != 0) {
      throw new IllegalArgumentException("interleaved I/Q needs an even number of floats, got " + iq.length);
    }
    int n = iq.length / 2;
    SplittableRandom root = SeededRandom.of(runSeed, streamId, seq);
    SplittableRandom fadingRng = root.split();
    SplittableRandom noiseRng = root.split();

    double n0 = StrictMath.pow(10.0, -config.snrDb() / 10.0);
    double sigma = Math.sqrt(n0 / 2.0);
    double[] pair = new double[2];

    boolean faded = config.fading() != FadingModel.AWGN;
    double[] h = faded ? fadingGains(n, config, previous, fadingRng) : null;

    float[] y = new float[iq.length];
    double signalEnergy = 0;
    double noiseEnergy = 0;
    for (int k = 0; k < n; k++) {
      double xr = iq[2 * k];
      double xi = iq[2 * k + 1];
      double sr = xr;
      double si = xi;
      if (faded) {
        double hr = h[2 * k];
        double hi = h[2 * k + 1];
        sr = hr * xr - hi * xi;
        si = hr * xi + hi * xr;
      }
      standardGaussianPair(noiseRng, pair);
      double nr = sigma * pair[0];
      double ni = sigma * pair[1];
      signalEnergy += sr * sr + si * si;
      noiseEnergy += nr * nr + ni * ni;
      y[2 * k] = (float) (sr + nr);
      y[2 * k + 1] = (float) (si + ni);
    }

    // An empty packet has nothing to measure; report the configured value rather than NaN, which would
    // poison every average it enters.
    double realised = n == 0 ? config.snrDb() : 10.0 * Math.log10(signalEnergy / noiseEnergy);

    if (!faded) {
      return new ChannelOutput(y, null, realised, null);
    }
    FadingState next = n == 0 ? previous : new FadingState(h[2 * n - 2], h[2 * n - 1]);
    if (!config.csiAtReceiver()) {
      return new ChannelOutput(y, null, realised, next);
    }
    float[] gains = new float[iq.length];
    for (int k = 0; k < n; k++) {
      double hr = h[2 * k];
      double hi = h[2 * k + 1];
      double yr = y[2 * k];
      double yi = y[2 * k + 1];
      // MMSE rather than zero forcing: ZF divides by |h|², which explodes the noise in deep fades,
      // while the + N0 term shrinks those symbols towards zero, the decoder's safest guess.
      double d = hr * hr + hi * hi + n0;
      y[2 * k] = (float) ((hr * yr + hi * yi) / d);
      y[2 * k + 1] = (float) ((hr * yi - hi * yr) / d);
      gains[2 * k] = (float) hr;
      gains[2 * k + 1] = (float) hi;
    }
    return new ChannelOutput(y, gains, realised, next);
  }

  /**
   * Per-symbol complex gains, interleaved, each of unit mean power. Every gain is rounded to float as it
   * is drawn, because float is what the receiver is told and what {@link FadingState} carries on: the
   * recursion then runs on exactly the values anyone can observe, and the state handed to the next
   * frame equals the last reported gain bit for bit.
   */
  private static double[] fadingGains(int n, ChannelConfig config, FadingState previous, SplittableRandom rng) {
    double[] h = new double[2 * n];
    double[] w = new double[2];
    double unitScale = Math.sqrt(0.5); // CN(0,1): variance 1/2 per real dimension
    if (config.fading() == FadingModel.RAYLEIGH_BLOCK) {
      int block = config.coherenceSymbols() > 0 ? config.coherenceSymbols() : Math.max(n, 1);
      double hr = 0;
      double hi = 0;
      for (int k = 0; k < n; k++) {
        if (k % block == 0) {
          standardGaussianPair(rng, w);
          hr = (float) (unitScale * w[0]);
          hi = (float) (unitScale * w[1]);
        }
        h[2 * k] = hr;
        h[2 * k + 1] = hi;
      }
      return h;
    }
    // Gauss–Markov (first-order autoregressive) fading: the innovation weight sqrt(1-ρ²) keeps E|h|² = 1
    // at every step, so the process is stationary and continuing it across frames changes no statistics.
    double rho = config.dopplerCorrelation();
    double innovation = Math.sqrt(Math.max(0.0, 1.0 - rho * rho));
    double hr;
    double hi;
    int start;
    if (previous != null) {
      hr = previous.re();
      hi = previous.im();
      start = 0;
    } else if (n > 0) {
      standardGaussianPair(rng, w);
      hr = (float) (unitScale * w[0]);
      hi = (float) (unitScale * w[1]);
      h[0] = hr;
      h[1] = hi;
      start = 1;
    } else {
      return h;
    }
    for (int k = start; k < n; k++) {
      standardGaussianPair(rng, w);
      hr = (float) (rho * hr + innovation * unitScale * w[0]);
      hi = (float) (rho * hi + innovation * unitScale * w[1]);
      h[2 * k] = hr;
      h[2 * k + 1] = hi;
    }
    return h;
  }

  /**
   * Two independent N(0, 1) by Box–Muller. Written out rather than using
   * {@code RandomGenerator.nextGaussian()} so the draws depend only on {@code nextDouble()}, whose
   * algorithm SplittableRandom fixes, and not on a JDK's choice of Gaussian sampler; StrictMath rather
   * than Math because Math's intrinsics may differ by an ulp between JVMs. A recorded run thus replays
   * bit for bit on another JDK or CPU.
   */
  static void standardGaussianPair(SplittableRandom rng, double[] out) {
    double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log(0) would give an infinite sample
    double u2 = rng.nextDouble();
    double r = Math.sqrt(-2.0 * StrictMath.log(u1));
    double t = TWO_PI * u2;
    out[0] = r * StrictMath.cos(t);
    out[1] = r * StrictMath.sin(t);
  }
}
