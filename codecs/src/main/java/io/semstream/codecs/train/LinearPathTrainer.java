package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
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
import io.semstream.codecs.weights.WeightsFile;
import io.semstream.schemas.TxPacket;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

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

  /** @param stopAt stop after this step (the schedule still spans {@code steps}) */
  public record Options(Path series, Path output, Path checkpointDir, int steps, int batch, float lr, long seed,
      double snrMin, double snrMax, boolean resume, int checkpointEvery, int stopAt) {}

  public void train(Options o, PrintStream log) throws IOException {
    TelemetryTrainingSet set = TelemetryTrainingSet.load(o.series());
    log.printf("implicit-lp: %d training channels from %s; %d stretches a step%n", set.channelCount(), o.series(),
        o.batch());
    AdamCheckpoint checkpoint = new AdamCheckpoint(o.checkpointDir());
    try (Model model = LinearPathModel.newModel(o.seed())) {
      SirenField field = (SirenField) model.getBlock();
      AdamState adam = new AdamState(field);
      int start = 0;
      if (o.resume() && checkpoint.exists()) {
        start = checkpoint.restore(field, adam);
        log.printf("resumed at step %d from %s%n", start, o.checkpointDir());
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(true);
      }
      Tracker schedule = Tracker.cosine().setBaseValue(o.lr()).optFinalValue(o.lr() / 20f)
          .setMaxUpdates(Math.max(1, o.steps())).build();
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      MovingAverage linearDb = new MovingAverage(), fieldDb = new MovingAverage();
      long t0 = System.nanoTime();
      int last = Math.min(o.stopAt(), o.steps());
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train implicit-lp").setInitialMax(last)
          .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build()) {
        bar.stepTo(start);
        for (int step = start; step < last; step++) {
          SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
          double[] db = trainStep(model, field, ps, adam, set, rng, o, schedule.getNewValue(step), step);
          if (db != null) {
            linearDb.add(db[0]);
            fieldDb.add(db[1]);
          }
          bar.step();
          if ((step + 1) % 20 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, " NMSE linear %.2f dB, with the field %.2f (%+.2f)",
                linearDb.value, fieldDb.value, fieldDb.value - linearDb.value));
          }
          if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == last) {
            checkpoint.save(field, adam, step + 1);
            log.printf("%nstep %d: NMSE of the linear estimate %.2f dB, with the field %.2f dB (%+.2f) on training "
                + "stretches; lr %.2e; %.2f s a step%n", step + 1, linearDb.value, fieldDb.value,
                fieldDb.value - linearDb.value, schedule.getNewValue(step),
                (System.nanoTime() - t0) / 1e9 / (step + 1 - start));
          }
        }
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(false);
      }
      Files.createDirectories(o.output().toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(o.output())) {
        WeightsFile.save(field, out, true);
      }
      log.printf("weights written to %s (float16)%n", o.output());
    }
  }

  /** One step; returns the batch's NMSE (dB) of the linear estimate and with the field, or null if dropped. */
  private static double[] trainStep(Model model, SirenField field, ParameterStore ps, AdamState adam,
      TelemetryTrainingSet set, SplittableRandom rng, Options o, float lr, int step) {
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
