package io.semstream.codecs.implicit;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;

/**
 * What the analog and the digital implicit codecs share: fitting a window's latents at the transmitter and
 * rendering the field from latents at the receiver, both on the profile's normalised scale. Owns the model.
 */
final class FieldCoder implements AutoCloseable {
  private final Model model;
  private final SirenField field;
  private final LatentFitter fitter;
  private final int fitSteps;

  FieldCoder(Model model, int fitSteps) {
    this.model = model;
    this.field = (SirenField) model.getBlock();
    this.fitter = new LatentFitter(field, ImplicitModel.FIT_LEARNING_RATE);
    this.fitSteps = fitSteps;
  }

  FieldConfig config() {
    return field.config();
  }

  /** The latents of each channel, [channels × latent], the first {@code active} entries fitted, the rest zero. */
  float[] fit(SeriesWindow window, StreamProfile profile, int active) {
    int channels = window.channels(), n = window.length();
    float[] targets = new float[channels * n];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < n; t++) {
        targets[c * n + t] = (float) profile.normalise(c, window.get(c, t));
      }
    }
    float[] z;
    try (NDManager scope = NativeEngine.scope(model)) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray features = FourierFeatures.times(scope, field.config(), n);
      z = fitter.fit(scope, ps, features, scope.create(targets, new Shape(channels, n, 1)), active, fitSteps)
          .toFloatArray();
    }
    NonFiniteOutputException.requireFinite(z, "the implicit encoder's latent fit");
    return z;
  }

  /** The window the field renders from the latents [channels × latent] at n times, on the channels' scales. */
  SeriesWindow render(float[] latents, int channels, int n, StreamProfile profile) {
    float[] values;
    try (NDManager scope = NativeEngine.scope(model)) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray features = FourierFeatures.times(scope, field.config(), n);
      values = field.render(ps, features, scope.create(latents, new Shape(channels, field.config().latent())), false)
          .toFloatArray();
    }
    NonFiniteOutputException.requireFinite(values, "the implicit decoder");
    return profile.restore(values, channels, n, n);
  }

  @Override
  public void close() {
    model.close();
  }
}
