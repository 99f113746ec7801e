package io.semstream.codecs.eval;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.implicit.FieldConfig;
import io.semstream.codecs.implicit.FourierFeatures;
import io.semstream.codecs.implicit.ImplicitModel;
import io.semstream.codecs.implicit.LatentFitter;
import io.semstream.codecs.implicit.SirenField;
import io.semstream.codecs.implicit.WeightFitter;
import io.semstream.codecs.telemetry.SeriesWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Does meta-learning pay? On channel windows the codec never saw (each normalised by its series'
 * profile), the NMSE of the meta-learned network after k latent-fitting steps, beside the NMSE of a
 * network at SIREN's initialisation whose every weight Adam fits to the window, after k steps. No
 * channel: this is the quality of the representation alone, with the whole latent active. An instance's
 * NMSE is its error over its own variance, floored at 1 % of its series' variance as in meta-training.
 */
public final class FitCurve {
  public static final int[] META_STEPS = {0, 1, 2, 5, 10, 20};
  public static final int[] SIREN_STEPS = {10, 50, 100, 200, 500};
  /** Adam's rate for per-instance SIREN fitting, the SIREN paper's. */
  static final float SIREN_LEARNING_RATE = 1e-4f;

  private FitCurve() {}

  /** Why the curve cannot be drawn here (no trained implicit network), or empty. */
  public static java.util.Optional<String> unavailable() {
    return ImplicitModel.SERIES.unavailable();
  }

  /** @return rows {method, steps, nmseDb, windows} */
  public static List<Map<String, Object>> run(List<TelemetryEvaluator.Series> series, int maxWindows,
      IntConsumer progress) {
    List<float[]> instances = instances(series, maxWindows);
    double[] meta = new double[META_STEPS.length], siren = new double[SIREN_STEPS.length];
    int done = 0;
    try (Model model = ImplicitModel.SERIES.load()) {
      SirenField field = (SirenField) model.getBlock();
      LatentFitter fitter = new LatentFitter(field, ImplicitModel.FIT_LEARNING_RATE);
      for (float[] x : instances) {
        double variation = variation(x);
        try (NDManager scope = NativeEngine.scope(model)) {
          ParameterStore ps = new ParameterStore(scope, false);
          NDArray features = FourierFeatures.times(scope, field.config(), x.length);
          NDArray target = scope.create(x, new Shape(1, x.length, 1));
          for (int i = 0; i < META_STEPS.length; i++) {
            NDArray z = fitter.fit(scope, ps, features, target, field.config().latent(), META_STEPS[i]);
            meta[i] += field.render(ps, features, z, false).sub(target).square().mean().getFloat() / variation;
          }
        }
        try (Model fresh = ImplicitModel.newModel(FieldConfig.series(), 1000 + done);
             NDManager scope = NativeEngine.scope(fresh)) {
          SirenField f = (SirenField) fresh.getBlock();
          NDArray features = FourierFeatures.times(scope, f.config(), x.length);
          double[] mse = WeightFitter.fit(f, scope, features, scope.create(x, new Shape(1, x.length, 1)),
              SIREN_LEARNING_RATE, SIREN_STEPS);
          for (int i = 0; i < mse.length; i++) {
            siren[i] += mse[i] / variation;
          }
        }
        progress.accept(++done);
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < META_STEPS.length; i++) {
      rows.add(row("meta-learned start, latent fitted", META_STEPS[i], meta[i] / instances.size(), instances.size()));
    }
    for (int i = 0; i < SIREN_STEPS.length; i++) {
      rows.add(row("SIREN initialisation, all weights fitted (Adam 1e-4)", SIREN_STEPS[i],
          siren[i] / instances.size(), instances.size()));
    }
    return rows;
  }

  /** The instances the curve will use: at most {@code maxWindows} windows spread over the series, every channel. */
  public static int count(List<TelemetryEvaluator.Series> series, int maxWindows) {
    return instances(series, maxWindows).size();
  }

  /** Each chosen window's channels, normalised by their series' profile. */
  private static List<float[]> instances(List<TelemetryEvaluator.Series> series, int maxWindows) {
    List<float[]> instances = new ArrayList<>();
    int perSeries = Math.max(1, maxWindows / series.size());
    for (TelemetryEvaluator.Series s : series) {
      for (int w = 0; w < s.windows().size() && w < perSeries; w++) {
        SeriesWindow window = s.windows().get(w);
        for (int c = 0; c < window.channels(); c++) {
          float[] x = new float[window.length()];
          for (int t = 0; t < x.length; t++) {
            x[t] = (float) s.profile().normalise(c, window.get(c, t));
          }
          instances.add(x);
        }
      }
    }
    return instances;
  }

  private static Map<String, Object> row(String method, int steps, double nmse, int windows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("steps", steps);
    m.put("nmseDb", 10 * Math.log10(nmse));
    m.put("instances", windows);
    return m;
  }

  private static double variation(float[] x) {
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (float v : x) {
      var += (v - mean) * (v - mean);
    }
    return Math.max(var / x.length, 1e-2);
  }
}
