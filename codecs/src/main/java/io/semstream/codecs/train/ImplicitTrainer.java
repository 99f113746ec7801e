package io.semstream.codecs.train;

import io.semstream.codecs.implicit.FieldConfig;
import io.semstream.codecs.implicit.FourierFeatures;
import io.semstream.codecs.implicit.ImplicitModel;
import java.io.IOException;
import java.io.PrintStream;
import java.util.SplittableRandom;

/**
 * Meta-learns the implicit codec's base network for telemetry ({@link FieldMetaTrainer}) on stretches of the
 * training channels, one instance a stretch. The length and the number of active latent entries are drawn per
 * step, so one network serves any window and CBR; each stretch's error is relative to its own variation.
 */
public final class ImplicitTrainer {
  public static final String DEFAULT_OUTPUT = "codecs/src/main/resources" + ImplicitModel.SERIES.weightsResource();
  static final int[] LENGTHS = {64, 100, 128, 200, 256};

  public void train(SeriesTraining.Options o, PrintStream log) throws IOException {
    TelemetryTrainingSet set = TelemetryTrainingSet.load(o.data());
    new FieldMetaTrainer().train("implicit", FieldConfig.series(), new Stretches(set, o), o, log);
  }

  private record Stretches(TelemetryTrainingSet set, SeriesTraining.Options o) implements FieldMetaTrainer.Instances {
    @Override
    public FieldMetaTrainer.Batch draw(SplittableRandom rng, int b, FieldConfig config) {
      int length = LENGTHS[rng.nextInt(LENGTHS.length)];
      int active = 4 + rng.nextInt(config.latent() - 3);
      float[] targets = new float[b * length];
      double[] variation = new double[b];
      for (int i = 0; i < b; i++) {
        float[] s = set.stretch(length, rng);
        if (s == null) {
          throw new IllegalStateException("no training channel has " + length + " points");
        }
        System.arraycopy(s, 0, targets, i * length, length);
        double mean = 0;
        for (float v : s) {
          mean += v;
        }
        mean /= length;
        for (float v : s) {
          variation[i] += (v - mean) * (v - mean);
        }
        // A floor of 1 % of the series' variance: a nearly flat stretch must not dominate the batch.
        variation[i] = Math.max(variation[i] / length, 1e-2);
      }
      return new FieldMetaTrainer.Batch(FourierFeatures.ofTimes(config, length), length, targets, variation, active);
    }

    @Override
    public String describe() {
      return set.channelCount() + " training channels from " + o.data();
    }

    @Override
    public String measure() {
      return "NMSE";
    }
  }
}
