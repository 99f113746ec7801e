package io.semstream.codecs.explicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** One tiny training step: the rate terms are finite and the loss reaches the analysis transform. */
class ExplicitNetworkTrainingTest {

  @Test
  void trainingForwardGivesFiniteRatesAndGradientsReachTheAnalysis() {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 11);
         Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
      trainer.initialize(new Shape(1, 3, 64, 64), new Shape(1, 1), new Shape(1, 1));
      try (NDManager scope = trainer.getManager().newSubManager()) {
        NDArray x = scope.randomUniform(0f, 1f, new Shape(1, 3, 64, 64));
        NDArray snr = scope.create(new float[] {5f}, new Shape(1, 1));
        // A generous CBR: a 64×64 frame at 1/16 may spend its whole budget on an untrained z, and with no
        // symbol sent no gradient could reach g_a.
        NDArray cbr = scope.create(new float[] {1f / 4}, new Shape(1, 1));
        try (GradientCollector gc = trainer.newGradientCollector()) {
          ExplicitNetwork.TrainingOutput out = ExplicitNetwork.outputs(trainer.forward(new NDList(x, snr, cbr)));
          NDArray xHat = out.picture();
          assertEquals(x.getShape(), xHat.getShape());
          float bitsZ = out.bitsZ().getFloat(0), bitsY = out.bitsY().getFloat(0), symbols = out.symbols().getFloat(0);
          assertTrue(Float.isFinite(bitsZ) && bitsZ > 0, "bits of z " + bitsZ);
          assertTrue(Float.isFinite(bitsY) && bitsY > 0, "bits of y " + bitsY);
          assertTrue(symbols > 0 && symbols <= 16 * 64, "symbols " + symbols);
          NDArray loss = xHat.sub(x).square().mean().add(out.bitsZ().add(out.bitsY()).mul(1e-4f / (64 * 64)).sum());
          gc.backward(loss);
        }
        int reached = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
          if (p.getKey().startsWith("g_a") || p.getKey().contains("g_a")) {
            float[] g = p.getValue().getArray().getGradient().toFloatArray();
            double norm = 0;
            for (float v : g) {
              assertTrue(Float.isFinite(v), p.getKey());
              norm += v * v;
            }
            if (norm > 0) {
              reached++;
            }
          }
        }
        assertTrue(reached >= 4, "parameters of g_a with a gradient: " + reached);
        float[] bottleneckGrad = model.getBlock().getParameters().stream()
            .filter(p -> p.getKey().contains("bottleneck")).findFirst().orElseThrow()
            .getValue().getArray().getGradient().toFloatArray();
        double nb = 0;
        for (float v : bottleneckGrad) {
          nb += Math.abs(v);
        }
        assertTrue(nb > 0, "the z rate term should train the bottleneck");
      }
    }
  }

  @Test
  void standardConfigFitsTheWeightsSizeLimit() {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.standard(), 1)) {
      long params = 0;
      for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
        params += p.getValue().getArray().size();
      }
      // WeightsFile stores float16: two bytes a parameter, names and shapes aside.
      assertTrue(2 * params < 5_000_000, params + " parameters");
      assertTrue(params > 1_000_000, params + " parameters: the product network should not be a toy");
    }
  }

  @Test
  void samplesTrainedWithoutTheHyperLatentDoNotDependOnIt() {
    assertEquals(0f, pictureChangeWhenHyperAnalysisChanges(1.0), "with every sample sent without z");
    assertTrue(pictureChangeWhenHyperAnalysisChanges(0.0) > 1e-4f, "with z the picture depends on h_a");
  }

  /** Largest pixel change in a training forward (same random draws) after h_a's weights are tripled. */
  private static float pictureChangeWhenHyperAnalysisChanges(double withoutZ) {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 13);
         NDManager scope = model.getNDManager().newSubManager()) {
      ExplicitNetwork net = (ExplicitNetwork) model.getBlock();
      net.trainWithoutHyperLatent(withoutZ);
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray x = scope.randomUniform(0f, 1f, new Shape(2, 3, 64, 64));
      NDArray snr = scope.create(new float[] {5f, 15f}, new Shape(2, 1));
      NDArray cbr = scope.create(new float[] {1f / 4, 1f / 4}, new Shape(2, 1));
      Engine.getInstance().setRandomSeed(5);
      NDArray before = net.run(ps, x, snr, cbr, true).picture();
      for (Pair<String, Parameter> p : net.getParameters()) {
        if (p.getKey().contains("h_a") && p.getKey().endsWith("weight")) {
          p.getValue().getArray().muli(3f);
        }
      }
      Engine.getInstance().setRandomSeed(5);
      NDArray after = net.run(ps, x, snr, cbr, true).picture();
      return after.sub(before).abs().max().getFloat();
    }
  }
}
