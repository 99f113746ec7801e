package io.semstream.codecs.implicit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.engine.NativeEngine;

/**
 * Fits instances' latents to their values with the base network fixed: a few steps of gradient descent on
 * the mean squared error, from zero (the meta-learned start is the network itself, trained so that these
 * few steps suffice). Only the first {@code active} latent entries move; the rest stay zero, as the
 * receiver will assume. A step moves an instance's latent by at most {@link #MAX_STEP} (Euclidean): the sine
 * layers make the error surface steep in places, and an unclipped step there sends the fit, and the
 * meta-training above it, to infinity.
 */
public final class LatentFitter {
  /** The longest step an instance's latent takes, in latent units (the prior's deviations are about 0.1–1). */
  public static final float MAX_STEP = 0.5f;
  private final SirenField field;
  private final float learningRate;

  public LatentFitter(SirenField field, float learningRate) {
    this.field = field;
    this.learningRate = learningRate;
  }

  /**
   * @param features [P, F]
   * @param targets [B, P, outputs], the normalised values
   * @return the fitted latents [B, latent], detached, in {@code scope}
   */
  public NDArray fit(NDManager scope, ParameterStore ps, NDArray features, NDArray targets, int active, int steps) {
    long batch = targets.getShape().get(0);
    int latent = field.config().latent();
    float[] maskValues = new float[latent];
    java.util.Arrays.fill(maskValues, 0, Math.min(active, latent), 1f);
    NDArray mask = scope.create(maskValues, new Shape(1, latent));
    NDArray z = scope.zeros(new Shape(batch, latent));
    // Each instance's loss is its own mean over points, summed over the batch: an instance's step does not
    // depend on how many others share the batch. The factor P makes the step independent of resolution.
    float step = learningRate * targets.getShape().get(1);
    for (int k = 0; k < steps; k++) {
      z.setRequiresGradient(true);
      synchronized (NativeEngine.GRADIENTS) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray loss = field.render(ps, features, z, false).sub(targets).square().reshape(batch, -1).mean(new int[] {1}).sum();
          gc.backward(loss);
        }
      }
      NDArray move = z.getGradient().mul(mask).mul(step);
      NDArray norm = move.square().sum(new int[] {1}, true).sqrt();
      NDArray shrink = norm.maximum(MAX_STEP).pow(-1).mul(MAX_STEP);
      z = z.stopGradient().sub(move.mul(shrink));
    }
    return z.stopGradient();
  }
}
