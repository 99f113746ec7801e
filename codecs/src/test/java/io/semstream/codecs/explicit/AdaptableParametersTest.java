package io.semstream.codecs.explicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class AdaptableParametersTest {

  private static boolean decoderSide(String name) {
    return name.matches("[0-9]+(jscc_dec|g_s)_.*");
  }

  public static Map<String, float[]> snapshot(Model model) {
    Map<String, float[]> out = new HashMap<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      out.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  @Test
  void defaultSubsetIsTheDecodersBiasesButTheRedundantOne() {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 1)) {
      ExplicitNetwork net = (ExplicitNetwork) model.getBlock();
      AdaptableParameters subset = AdaptableParameters.decoderDefaults(net);
      List<String> names = subset.names();
      long total = 0;
      for (Pair<String, Parameter> p : net.getParameters()) {
        String name = p.getKey();
        boolean decoderBias = decoderSide(name) && p.getValue().getType() == Parameter.Type.BIAS;
        boolean redundant = name.matches("[0-9]+jscc_dec_.*") && name.endsWith("linear_bias");
        assertEquals(decoderBias && !redundant, names.contains(name), name);
        if (names.contains(name)) {
          assertTrue(decoderSide(name), "not decoder side: " + name);
          total += p.getValue().getArray().size();
        }
      }
      assertTrue(names.stream().anyMatch(n -> n.matches("[0-9]+jscc_dec_02snr.*") && n.endsWith("Linear_bias")),
          "the modulation output layer's biases: " + names);
      assertTrue(net.getParameters().stream().anyMatch(p -> p.getKey().matches("[0-9]+jscc_dec_.*")
          && p.getKey().endsWith("linear_bias")), "the test knows the linear path's bias by its name");
      assertTrue(names.stream().noneMatch(n -> n.endsWith("_weight")), "no weights: " + names);
      assertEquals(total, subset.size());
      assertTrue(subset.size() < 0.03 * net.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum());
    }
  }

  @Test
  void aPredicateCanAskForTheModulationOutputLayers() {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 1)) {
      ExplicitNetwork net = (ExplicitNetwork) model.getBlock();
      List<String> names = AdaptableParameters.select(net, AdaptableParameters.Candidate::modulationOutput).names();
      assertTrue(names.stream().anyMatch(n -> n.endsWith("_weight")), names.toString());
      assertTrue(names.stream().allMatch(n -> n.contains("snr_01mlp_03Linear_")), names.toString());
    }
  }

  @Test
  void orderDependsOnlyOnTheArchitecture() {
    try (Model a = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 1);
         Model b = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 2)) {
      assertEquals(AdaptableParameters.decoderDefaults((ExplicitNetwork) a.getBlock()).names(),
          AdaptableParameters.decoderDefaults((ExplicitNetwork) b.getBlock()).names());
    }
  }

  @Test
  void writeSetsExactlyTheSubsetBitForBit() {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 3)) {
      ExplicitNetwork net = (ExplicitNetwork) model.getBlock();
      AdaptableParameters subset = AdaptableParameters.decoderDefaults(net);
      Map<String, float[]> before = snapshot(model);
      float[] values = subset.read();
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.nextUp(values[i]) + i * 1e-7f;
      }
      subset.write(values);
      assertArrayEquals(values, subset.read());
      Map<String, float[]> after = snapshot(model);
      for (Map.Entry<String, float[]> e : before.entrySet()) {
        if (!subset.names().contains(e.getKey())) {
          assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey());
        }
      }
      assertThrows(IllegalArgumentException.class, () -> subset.write(new float[3]));
    }
  }

  @Test
  void noPredicateReachesTheEncoderOrTheEntropyModel() {
    try (Model model = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 4)) {
      ExplicitNetwork net = (ExplicitNetwork) model.getBlock();
      AdaptableParameters all = AdaptableParameters.select(net, c -> true);
      assertTrue(all.names().stream().allMatch(AdaptableParametersTest::decoderSide), all.names().toString());
      assertTrue(all.names().size() > AdaptableParameters.decoderDefaults(net).names().size());
      assertThrows(IllegalArgumentException.class, () -> AdaptableParameters.select(net, c -> false));
    }
  }
}
