package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.implicit.FourierFeatures;
import io.semstream.codecs.implicit.LinearPathModel;
import io.semstream.codecs.implicit.SirenField;
import io.semstream.codecs.telemetry.Dct1d;
import io.semstream.codecs.telemetry.LinearAnalogTelemetryCodec;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.TxPacket;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains the field of the implicit codec's linear path: per step a batch of stretches of training channels, each
 * sent by the linear analog scheme (its profile calibrated on the whole channel, as {@code eval} calibrates a
 * series) through the channel simulator at an SNR drawn per stretch and a CBR drawn per step, and estimated by
 * its LLSE; the field learns the correction of that estimate. The loss is error energy over variation energy
 * over the batch, the NMSE the evaluation reports; the log gives it beside the linear estimate's own.
 */
public final class LinearPathTrainer {
  public static final String DEFAULT_OUTPUT = "codecs/src/main/resources" + LinearPathModel.WEIGHTS_RESOURCE;
  static final int[] LENGTHS = {64, 100, 128, 200, 256};
  static final double[] CBRS = {1 / 3.0, 1 / 4.0, 1 / 6.0, 1 / 8.0, 1 / 12.0, 1 / 16.0, 1 / 24.0};
  /** The window length the training channels' profiles are calibrated in (eval's default). */
  static final int PROFILE_WINDOW = 128;

  public void train(SeriesTraining.Options o, PrintStream log) throws IOException {
    TelemetryTrainingSet set = TelemetryTrainingSet.load(o.data());
    log.printf("implicit-lp: %d training channels from %s; %d stretches a step%n", set.channelCount(), o.data(),
        o.batch());
    try (Model model = LinearPathModel.newModel(o.seed())) {
      SirenField field = (SirenField) model.getBlock();
      AdamState adam = new AdamState(field);
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      SeriesTraining.run("implicit-lp", o, field, adam, 2,
          (step, rng, lr) -> trainStep(model, field, ps, adam, set, rng, o, lr, step),
          f -> String.format(Locale.ROOT, "NMSE linear %.2f dB, with the field %.2f (%+.2f)", f[0], f[1], f[1] - f[0]),
          f -> String.format(Locale.ROOT, "NMSE of the linear estimate %.2f dB, with the field %.2f dB (%+.2f) on "
              + "training stretches", f[0], f[1], f[1] - f[0]), log);
    }
  }

  /** One step; returns the batch's NMSE (dB) of the linear estimate and with the field, or null if dropped. */
  private static double[] trainStep(Model model, SirenField field, ParameterStore ps, AdamState adam,
      TelemetryTrainingSet set, SplittableRandom rng, SeriesTraining.Options o, float lr, int step) {
    int length = LENGTHS[rng.nextInt(LENGTHS.length)];
    double cbr = CBRS[rng.nextInt(CBRS.length)];
    int b = o.batch(), latent = field.config().latent();
    LinearAnalogTelemetryCodec linear = new LinearAnalogTelemetryCodec(cbr);
    ChannelSimulator channel = new ChannelSimulator(o.seed() + step);
    float[] latents = new float[b * latent], base = new float[b * length], target = new float[b * length];
    double variation = 0, linearError = 0;
    for (int i = 0; i < b; i++) {
      TelemetryTrainingSet.Stretch s = set.draw(length, rng);
      if (s == null) {
        throw new IllegalStateException("no training channel has " + length + " points");
      }
      StreamProfile profile = set.profile(s.channel(), PROFILE_WINDOW);
      double snr = o.snrMin() + rng.nextDouble() * (o.snrMax() - o.snrMin());
      ChannelConfig awgn = ChannelConfig.awgn(snr);
      SeriesWindow window = new SeriesWindow(1, length, s.samples());
      TxPacket packet = linear.encode(new TelemetryWindowMeta("train", i, 0), window, profile, LinkConditions.awgn(snr));
      ChannelOutput out = channel.transmit(Symbols.fromBytes(packet.getSymbols()), awgn, "train", i, null);
      double[][] c = linear.estimate(RxPackets.from(packet, out, awgn, 0), profile);
      System.arraycopy(LinearPathModel.latents(c, length, snr), 0, latents, i * latent, latent);
      double[] x = Dct1d.inverse(c[0]);
      double mean = 0;
      for (int t = 0; t < length; t++) {
        target[i * length + t] = (float) profile.normalise(0, s.samples()[t]);
        base[i * length + t] = (float) x[t];
        mean += target[i * length + t];
      }
      mean /= length;
      for (int t = 0; t < length; t++) {
        double d = target[i * length + t] - mean, e = target[i * length + t] - base[i * length + t];
        variation += d * d;
        linearError += e * e;
      }
    }
    float norm = (float) Math.max(variation / (b * length), 1e-9);
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray features = FourierFeatures.times(scope, field.config(), length);
      NDArray z = scope.create(latents, new Shape(b, latent));
      NDArray want = scope.create(target, new Shape(b, length, 1));
      NDArray from = scope.create(base, new Shape(b, length, 1));
      double db;
      synchronized (NativeEngine.GRADIENTS) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray loss = from.add(field.render(ps, features, z, true)).sub(want).square().mean().div(norm);
          gc.backward(loss);
          db = 10 * Math.log10(loss.getFloat());
        }
      }
      if (!Double.isFinite(db)) {
        adam.discardGradients();
        return null;
      }
      if (!adam.stepIfFinite(lr)) {
        return null;
      }
      return new double[] {10 * Math.log10(linearError / variation), db};
    }
  }
}
