package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.conv1d.Conv1dJsccModel;
import io.semstream.codecs.conv1d.Conv1dJsccNetwork;
import io.semstream.codecs.engine.NativeEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains the 1-D Deep JSCC baseline end to end with AWGN in the loop: per step a batch of stretches of training
 * channels (one length per step, a multiple of 16), an SNR per instance drawn uniformly in [snrMin, snrMax] and a
 * number of latent channels sent per step (the mask), so one set of weights serves every SNR, length and CBR.
 * The loss is the batch's error energy over its variation energy (each stretch's squared deviation from its own
 * mean), the NMSE the evaluation reports.
 */
public final class Conv1dJsccTrainer {
  public static final String DEFAULT_OUTPUT = "codecs/src/main/resources" + Conv1dJsccModel.WEIGHTS_RESOURCE;
  static final int[] LENGTHS = {64, 80, 96, 128, 160, 256};

  public void train(SeriesTraining.Options o, PrintStream log) throws IOException {
    TelemetryTrainingSet set = TelemetryTrainingSet.load(o.data());
    log.printf("conv1d-jscc: %d training channels from %s; %d stretches a step%n", set.channelCount(), o.data(),
        o.batch());
    try (Model model = Conv1dJsccModel.newModel(o.seed())) {
      Conv1dJsccNetwork network = (Conv1dJsccNetwork) model.getBlock();
      AdamState adam = new AdamState(network);
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      SeriesTraining.run("conv1d-jscc", o, network, adam, 1, (step, rng, lr) -> {
        double db = trainStep(model, network, ps, adam, set, rng, o, lr);
        return Double.isFinite(db) ? new double[] {db} : null;
      }, f -> String.format(Locale.ROOT, "NMSE %.2f dB", f[0]),
          f -> String.format(Locale.ROOT, "NMSE after the channel %.2f dB (training stretches, all SNRs and rates)",
              f[0]), log);
    }
  }

  private static float mean(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f;
    }
    return (float) Math.max(s / v.length, 1e-6);
  }

  /** One step; returns the batch's NMSE in dB, or NaN when the step was dropped (non-finite). */
  private static double trainStep(Model model, Conv1dJsccNetwork network, ParameterStore ps, AdamState adam,
      TelemetryTrainingSet set, SplittableRandom rng, SeriesTraining.Options o, float lr) {
    int length = LENGTHS[rng.nextInt(LENGTHS.length)];
    int b = o.batch();
    int k = 1 + rng.nextInt(Conv1dJsccNetwork.LATENT_CHANNELS);
    float[] x = new float[b * length];
    float[] variation = new float[b];
    float[] snr = new float[b];
    for (int i = 0; i < b; i++) {
      float[] s = set.stretch(length, rng);
      if (s == null) {
        throw new IllegalStateException("no training channel has " + length + " points");
      }
      System.arraycopy(s, 0, x, i * length, length);
      double mean = 0, v = 0;
      for (float f : s) {
        mean += f;
      }
      mean /= length;
      for (float f : s) {
        v += (f - mean) * (f - mean);
      }
      variation[i] = (float) (v / length);
      snr[i] = (float) (o.snrMin() + rng.nextDouble() * (o.snrMax() - o.snrMin()));
    }
    float[] mask = new float[b * Conv1dJsccNetwork.LATENT_CHANNELS];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < k; j++) {
        mask[i * Conv1dJsccNetwork.LATENT_CHANNELS + j] = 1;
      }
    }
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray signal = scope.create(x, new Shape(b, 1, length));
      double db;
      synchronized (NativeEngine.GRADIENTS) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray out = network.forward(ps, new NDList(signal, scope.create(snr, new Shape(b, 1)),
              scope.create(mask, new Shape(b, Conv1dJsccNetwork.LATENT_CHANNELS, 1))), true).singletonOrThrow();
          // Error energy over variation energy, both summed over the batch: the NMSE the evaluation reports
          // over many windows, where a busy window weighs more than a flat one.
          NDArray loss = out.sub(signal).square().mean().div(mean(variation));
          gc.backward(loss);
          db = 10 * Math.log10(loss.getFloat());
        }
      }
      if (!Double.isFinite(db)) {
        adam.discardGradients();
        return Double.NaN;
      }
      return adam.stepIfFinite(lr) ? db : Double.NaN;
    }
  }
}
