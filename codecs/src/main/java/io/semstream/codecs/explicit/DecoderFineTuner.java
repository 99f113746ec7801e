package io.semstream.codecs.explicit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.semstream.codecs.api.AdaptiveEncoder.FineTuning;
import io.semstream.codecs.api.AdaptiveEncoder.FineTuningPlan;
import io.semstream.codecs.engine.NativeEngine;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rate-aware fine-tuning of a parameter subset with the AWGN channel in the loop (seeded noise). Loss per step:
 * MSE(x̂, x) + rateWeight·Σ|θ − θ_base|, the second term being the L1 surrogate of the delta's code
 * length, expressed per source sample (the adaptation policy chooses its weight).
 *
 * <p>Adam runs in Java on the subset's float[]: a few thousand values, so the update costs nothing, and the
 * model's own parameters are only ever written through {@link AdaptableParameters#write}. While tuning,
 * only the subset requires gradients (backward then skips the other weights' gradients); every
 * parameter's gradient flag is restored afterwards.
 */
final class DecoderFineTuner {
  private static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

  private final ExplicitCodec codec;
  private final AdaptableParameters subset;

  DecoderFineTuner(ExplicitCodec codec, AdaptableParameters subset) {
    this.codec = codec;
    this.subset = subset;
  }

  /**
   * Tunes for {@code steps} steps, starting from {@code start} (base, or where an earlier attempt on the
   * same base left off), with the rate term measured from {@code base}; returns the tuned values, which
   * the subset holds on return.
   */
  FineTuning tune(EncodedGroup group, float[] base, float[] start, FineTuningPlan plan, SplittableRandom rng) {
    ExplicitNetwork net = codec.network();
    List<Parameter> tuned = subset.parameters();
    Map<Parameter, Boolean> flags = new IdentityHashMap<>();
    for (Pair<String, Parameter> p : net.getParameters()) {
      flags.put(p.getValue(), p.getValue().getArray().hasGradient());
    }
    float[] theta = start.clone();
    subset.write(theta);
    double[] m = new double[theta.length], v = new double[theta.length];
    double first = Double.NaN, last = Double.NaN;
    try {
      for (Parameter p : flags.keySet()) {
        p.getArray().setRequiresGradient(false);
      }
      for (Parameter p : tuned) {
        p.getArray().setRequiresGradient(true);
      }
      ParameterStore ps = new ParameterStore(codec.model().getNDManager(), false);
      for (int step = 0; step < plan.steps(); step++) {
        try (NDManager scope = NativeEngine.scope(codec.model())) {
          EncodedGroup.Batch b = group.batch(scope, choose(group.size(), plan.framesPerStep(), rng), plan.cropPatches(),
              rng);
          double loss;
          synchronized (NativeEngine.GRADIENTS) {
            try (GradientCollector gc = scope.getEngine().newGradientCollector()) {
              NDArray received = b.sent().add(noise(scope, b.sent().getShape(), group.snrDb(), rng)).mul(b.mask());
              NDArray yHat = net.jsccDecode(ps, received, b.levelMap(), b.sigma(), b.decoderSnr(), true);
              NDArray distortion = net.synthesise(ps, yHat, b.decoderSnr(), true).sub(b.picture()).square().mean();
              NDArray total = distortion.add(drift(scope, base).mul((float) plan.rateWeight()));
              gc.backward(total);
              loss = total.getFloat();
            }
          }
          float[] g = gradients(tuned);
          if (!Double.isFinite(loss) || !allFinite(g)) {
            subset.write(theta);
            return new FineTuning(theta, first, last, step + 1);
          }
          first = step == 0 ? loss : first;
          last = loss;
          adamStep(theta, g, m, v, step + 1, plan.learningRate());
          subset.write(theta);
        }
      }
    } finally {
      for (Map.Entry<Parameter, Boolean> f : flags.entrySet()) {
        f.getKey().getArray().setRequiresGradient(f.getValue());
      }
    }
    return new FineTuning(theta, first, last, 0);
  }

  /**
   * CN(0, N0) per complex symbol (N0/2 per real value, unit signal power) from the caller's generator, not
   * the engine's: the same job then draws the same noise whatever else runs in the JVM.
   */
  private static NDArray noise(NDManager scope, Shape shape, double snrDb, SplittableRandom rng) {
    double sigma = Math.sqrt(Math.pow(10, -snrDb / 10) / 2);
    float[] n = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < n.length; i++) {
      n[i] = (float) (rng.nextGaussian() * sigma);
    }
    return scope.create(n, shape);
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Σ|θ − θ_base| over the subset, built in {@code scope} (the base first, so results land there). */
  private NDArray drift(NDManager scope, float[] base) {
    NDArray sum = null;
    int offset = 0;
    for (Parameter p : subset.parameters()) {
      NDArray current = p.getArray();
      int n = Math.toIntExact(current.size());
      NDArray b = scope.create(Arrays.copyOfRange(base, offset, offset + n), current.getShape());
      NDArray term = b.sub(current).abs().sum();
      sum = sum == null ? term : sum.add(term);
      offset += n;
    }
    return sum;
  }

  /** The subset's gradients in order, zeroed afterwards (PyTorch accumulates them across backward calls). */
  private float[] gradients(List<Parameter> tuned) {
    float[] out = new float[subset.size()];
    int offset = 0;
    for (Parameter p : tuned) {
      try (NDArray g = p.getArray().getGradient()) {
        float[] values = g.toFloatArray();
        System.arraycopy(values, 0, out, offset, values.length);
        offset += values.length;
        g.subi(g);
      }
    }
    return out;
  }

  private static void adamStep(float[] theta, float[] g, double[] m, double[] v, int t, float learningRate) {
    double c1 = 1 - Math.pow(BETA1, t), c2 = 1 - Math.pow(BETA2, t);
    for (int i = 0; i < theta.length; i++) {
      m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
      v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
      theta[i] -= (float) (learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON));
    }
  }

  /** framesPerStep distinct frames at random (all of them if framesPerStep ≤ 0 or ≥ the group). */
  private static int[] choose(int groupSize, int framesPerStep, SplittableRandom rng) {
    int n = framesPerStep <= 0 ? groupSize : Math.min(framesPerStep, groupSize);
    int[] all = new int[groupSize];
    for (int i = 0; i < groupSize; i++) {
      all[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(groupSize - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, n);
  }
}
