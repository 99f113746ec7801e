package io.semstream.codecs.implicit;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.weights.ShippedWeights;
import java.util.Optional;

/**
 * The field of {@link LinearPathTelemetryCodec}: a sine network over time, shifted per channel by what the
 * receiver estimated of the channel's low DCT coefficients and the SNR, that adds a correction to the linear
 * estimate. Its latent: the estimates of coefficients 0 to {@link #COEFFICIENTS} − 1 at the scale of a 64-point
 * window, then the SNR.
 */
public final class LinearPathModel {
  public static final String WEIGHTS_RESOURCE = "/models/implicit/linear-path.ssw";
  public static final String WEIGHTS_PROPERTY = "semstream.implicit.lp.weights";
  static final int COEFFICIENTS = FieldConfig.series().latent() - 1;
  private static final ShippedWeights WEIGHTS = new ShippedWeights(WEIGHTS_RESOURCE, WEIGHTS_PROPERTY,
      "implicit linear-path field");

  private LinearPathModel() {}

  /** A new model whose field adds nothing yet (seeded); the caller closes it. */
  public static Model newModel(long seed) {
    FieldConfig config = FieldConfig.series();
    Model model = NativeEngine.newModel("implicit-linear-path");
    SirenField field = new SirenField(config, true);
    model.setBlock(field);
    NativeEngine.initialiseSeeded(seed, () -> field.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(8, config.featureCount()), new Shape(1, config.latent())));
    return model;
  }

  public static Optional<String> unavailable() {
    return WEIGHTS.unavailable();
  }

  public static Model load() {
    return WEIGHTS.loadInto(newModel(0));
  }

  /**
   * The latents of a window's channels, [channels × latent] row-major, from the receiver's coefficient estimates
   * (orthonormal DCT of n points, normalised units) and the SNR. A coefficient of an n-point window is scaled by
   * √(64/n), so that a sine of given amplitude gives the same entry at every length.
   */
  public static float[] latents(double[][] coefficients, int n, double snrDb) {
    int latent = FieldConfig.series().latent();
    float[] z = new float[coefficients.length * latent];
    double scale = Math.sqrt(64.0 / n);
    for (int c = 0; c < coefficients.length; c++) {
      for (int k = 0; k < Math.min(COEFFICIENTS, n); k++) {
        z[c * latent + k] = (float) (coefficients[c][k] * scale);
      }
      z[c * latent + COEFFICIENTS] = (float) (snrDb / 20 - 0.5);
    }
    return z;
  }
}
