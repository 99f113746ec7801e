package io.semstream.codecs.implicit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.semstream.codecs.engine.NativeEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-instance fit implicit coding has without meta-learning: every weight of a field at SIREN's
 * initialisation fitted to one instance by Adam (the latent stays zero). It is the reference that the
 * meta-learned start is measured against, not a codec: its whole network would have to travel.
 */
public final class WeightFitter {
  private static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

  private WeightFitter() {}

  /**
   * Fits {@code field}'s weights in place and returns the mean squared error after each of the given step
   * counts (ascending).
   *
   * @param target [1, P, outputs]
   */
  public static double[] fit(SirenField field, NDManager scope, NDArray features, NDArray target, float learningRate,
      int[] checkpoints) {
    List<Parameter> params = new ArrayList<>();
    for (Pair<String, Parameter> p : field.getParameters()) {
      params.add(p.getValue());
      p.getValue().getArray().setRequiresGradient(true);
    }
    List<float[]> m = new ArrayList<>(), v = new ArrayList<>();
    for (Parameter p : params) {
      m.add(new float[Math.toIntExact(p.getArray().size())]);
      v.add(new float[Math.toIntExact(p.getArray().size())]);
    }
    ParameterStore ps = new ParameterStore(scope, false);
    NDArray latent = scope.zeros(new Shape(1, field.config().latent()));
    double[] out = new double[checkpoints.length];
    int next = 0;
    try {
      // Iteration k computes the error after k − 1 updates, so one iteration more than the last count is run
      // and its update skipped.
      int last = checkpoints[checkpoints.length - 1];
      for (int step = 1; step <= last + 1; step++) {
        double loss;
        synchronized (NativeEngine.GRADIENTS) {
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = field.render(ps, features, latent, true).sub(target).square().mean();
            gc.backward(l);
            loss = l.getFloat();
          }
        }
        while (next < checkpoints.length && checkpoints[next] == step - 1) {
          out[next++] = loss;
        }
        if (step == last + 1) {
          break;
        }
        double c1 = 1 - Math.pow(BETA1, step), c2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < params.size(); i++) {
          NDArray array = params.get(i).getArray();
          float[] g;
          try (NDArray grad = array.getGradient()) {
            g = grad.toFloatArray();
            grad.subi(grad);
          }
          float[] theta = array.toFloatArray(), mi = m.get(i), vi = v.get(i);
          for (int k = 0; k < theta.length; k++) {
            mi[k] = (float) (BETA1 * mi[k] + (1 - BETA1) * g[k]);
            vi[k] = (float) (BETA2 * vi[k] + (1 - BETA2) * g[k] * g[k]);
            theta[k] -= (float) (learningRate * (mi[k] / c1) / (Math.sqrt(vi[k] / c2) + EPSILON));
          }
          array.set(theta);
        }
      }
    } finally {
      for (Parameter p : params) {
        p.getArray().setRequiresGradient(false);
      }
    }
    return out;
  }
}
