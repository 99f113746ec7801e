package io.semstream.codecs.explicit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.deepjscc.DeepJsccModel;
import io.semstream.codecs.deepjscc.DeepJsccNetwork;
import org.junit.jupiter.api.Test;

/** The explicit network started from Deep JSCC is Deep JSCC when every patch gets the uniform 1/16 level. */
class ExplicitStartFromDeepJsccTest {

  @Test
  void atTheUniformLevelItComputesWhatDeepJsccDoes() {
    try (Model deepJscc = DeepJsccModel.load();
         Model explicit = ExplicitCodec.newModel(ExplicitNetwork.Config.standard(), 3);
         NDManager scope = explicit.getNDManager().newSubManager()) {
      ExplicitNetwork net = (ExplicitNetwork) explicit.getBlock();
      DeepJsccNetwork reference = (DeepJsccNetwork) deepJscc.getBlock();
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray x = scope.randomUniform(0f, 1f, new Shape(1, 3, 64, 64));
      NDArray snr = scope.create(new float[] {7f}, new Shape(1, 1));
      NDArray levels = scope.full(new Shape(1, 4, 4), 48f);
      NDArray map = net.levelMap(levels);
      NDArray mask = net.channelMask(levels);
      NDArray sigma = scope.ones(new Shape(1, net.config().m(), 4, 4));

      NDArray before = decode(net, ps, x, snr, map, mask, sigma);
      net.startFrom(reference);
      NDArray after = decode(net, ps, x, snr, map, mask, sigma);

      NDArray latent = reference.encoder().forward(ps, new NDList(x, snr), false).singletonOrThrow();
      NDArray sent = ExplicitNetwork.normalisePower(latent, latent.onesLike());
      NDArray expected = reference.decoder().forward(ps, new NDList(sent, snr), false).singletonOrThrow();
      float gap = after.sub(expected).abs().max().getFloat();
      assertTrue(gap < 1e-4f, "largest difference from Deep JSCC " + gap);
      assertTrue(before.sub(expected).abs().max().getFloat() > 0.01f, "the random network should differ");
    }
  }

  private static NDArray decode(ExplicitNetwork net, ParameterStore ps, NDArray x, NDArray snr, NDArray map,
      NDArray mask, NDArray sigma) {
    NDArray y = net.analyse(ps, x, snr, false);
    NDArray sent = ExplicitNetwork.normalisePower(net.jsccEncode(ps, y, map, snr, false), mask);
    return net.synthesise(ps, net.jsccDecode(ps, sent, map, sigma, snr, false), snr, false);
  }

  @Test
  void aNetworkWhoseShapesCannotHoldDeepJsccIsRefused() {
    try (Model deepJscc = DeepJsccModel.load();
         Model tiny = ExplicitCodec.newModel(ExplicitNetwork.Config.tiny(), 3)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ((ExplicitNetwork) tiny.getBlock()).startFrom((DeepJsccNetwork) deepJscc.getBlock()));
      assertTrue(e.getMessage().contains("Deep JSCC"), e.getMessage());
    }
  }
}
