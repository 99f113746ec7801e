package io.semstream.codecs.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.codecs.telemetry.WindowError;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The implicit codec's mechanics on a network at SIREN's initialisation (what training improves is
 * measured by eval --telemetry, not here): fitting lowers the error and moves only the active entries, the
 * packet keeps to its budget, and what the receiver renders at high SNR is what the transmitter fitted.
 */
class ImplicitTelemetryCodecTest {

  private static SeriesWindow window(int channels, int length) {
    float[] s = new float[channels * length];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < length; t++) {
        s[c * length + t] = (float) (10 * c + Math.sin(2 * Math.PI * (c + 1) * t / length) + 0.3 * (t % 7) / 7.0);
      }
    }
    return new SeriesWindow(channels, length, s);
  }

  private static RxPacket through(TxPacket tx, double snrDb) {
    ChannelConfig config = ChannelConfig.awgn(snrDb);
    return RxPackets.from(tx, new ChannelSimulator(5).transmit(Symbols.fromBytes(tx.getSymbols()), config, "s", 0,
        null), config, 0);
  }

  @Test
  void fittingLowersTheError() {
    FieldConfig config = FieldConfig.series();
    int n = 100;
    float[] target = new float[2 * n];
    for (int t = 0; t < n; t++) {
      target[t] = (float) Math.sin(2 * Math.PI * 3 * t / n);
      target[n + t] = 0.5f + (t % 20) / 20f;
    }
    try (Model model = ImplicitModel.newModel(config, 3); NDManager scope = model.getNDManager().newSubManager()) {
      SirenField field = (SirenField) model.getBlock();
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray features = scope.create(FourierFeatures.ofTimes(config, n), new Shape(n, config.featureCount()));
      NDArray x = scope.create(target, new Shape(2, n, 1));
      LatentFitter fitter = new LatentFitter(field, 0.05f);
      double before = field.render(ps, features, fitter.fit(scope, ps, features, x, 64, 0), false).sub(x).square()
          .mean().getFloat();
      NDArray z = fitter.fit(scope, ps, features, x, 16, 60);
      double after = field.render(ps, features, z, false).sub(x).square().mean().getFloat();
      assertTrue(after < 0.7 * before, "MSE " + before + " from a zero latent, " + after + " fitted");
      float[] latent = z.toFloatArray();
      for (int i = 16; i < config.latent(); i++) {
        assertEquals(0, latent[i], 0, "entry " + i + " is not active and must stay zero");
      }
    }
  }

  @Test
  void theReceiverRendersWhatWasFittedAndKeepsToTheBudget() {
    SeriesWindow w = window(3, 100);
    StreamProfile profile = StreamProfile.of(List.of(w));
    FieldConfig config = FieldConfig.series();
    try (ImplicitTelemetryCodec codec = new ImplicitTelemetryCodec(0.25, ImplicitModel.newModel(config, 3),
        LatentPrior.unit(config.latent()), 10)) {
      TxPacket tx = codec.encode(new TelemetryWindowMeta("s", 0, 0), w, profile, LinkConditions.awgn(60));
      assertTrue(tx.getChannelUses() <= (long) Math.floor(0.25 * 300), "uses " + tx.getChannelUses());
      assertEquals(3 * codec.active(3, 100), 2 * tx.getChannelUses());
      // At 60 and 50 dB the received latent is the fitted one to 1e-3: the two renders agree.
      SeriesWindow a = codec.decode(through(tx, 60), profile);
      SeriesWindow b = codec.decode(through(tx, 50), profile);
      assertTrue(WindowError.of(a, b).nmse() < 1e-2);
    }
  }

  @Test
  void theLatentShrinksWithTheCbrAndAnyLengthDecodes() {
    FieldConfig config = FieldConfig.series();
    try (Model model = ImplicitModel.newModel(config, 1)) {
      // only constructs to read the active count; the model is closed by this test, not the codec
      ImplicitTelemetryCodec c16 = new ImplicitTelemetryCodec(1 / 16.0, model, LatentPrior.unit(config.latent()), 2);
      assertEquals(16, c16.active(8, 128));
      assertEquals(12, c16.active(8, 100));
      assertEquals(config.latent(), new ImplicitTelemetryCodec(1, model, LatentPrior.unit(config.latent()), 2)
          .active(1, 300));
      SeriesWindow w = window(2, 37);
      StreamProfile profile = StreamProfile.of(List.of(w));
      SeriesWindow out = c16.decode(through(c16.encode(new TelemetryWindowMeta("s", 0, 0), w, profile,
          LinkConditions.awgn(5)), 5), profile);
      assertEquals(2, out.channels());
      assertEquals(37, out.length());
      assertEquals(-1, out.firstNonFinite());
    }
  }
}
