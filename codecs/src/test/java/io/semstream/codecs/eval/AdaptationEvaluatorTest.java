package io.semstream.codecs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.explicit.AdaptableParameters;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.codecs.explicit.ExplicitNetwork;
import io.semstream.codecs.hybrid.OnlineAdapter;
import io.semstream.codecs.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A randomly initialised tiny network draws near-grey pictures, so adapting its decoder's biases to a
 * colourful clip pays off at once: the evaluator must show the gain, pay for the deltas out of the
 * frames' budget, and change nothing when no adaptation happens.
 */
class AdaptationEvaluatorTest {
  private static final double CBR = 1.0 / 16;
  /** Large enough that a delta of the tiny network's subset costs well under a group's channel uses. */
  private static final int SIDE = 128;
  private static final Supplier<ExplicitCodec> TINY =
      () -> ExplicitCodec.randomlyInitialised("explicit-tiny", CBR, ExplicitNetwork.Config.tiny(), 3);

  /** Flat colours with a square moving across: consecutive frames of one size. */
  private static List<RgbImage> clip(int frames) {
    List<RgbImage> out = new ArrayList<>();
    for (int t = 0; t < frames; t++) {
      byte[] rgb = new byte[SIDE * SIDE * 3];
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          boolean square = x >= 16 + 8 * t && x < 56 + 8 * t && y >= 40 && y < 80;
          int at = (y * SIDE + x) * 3;
          rgb[at] = (byte) (square ? 240 : 30);
          rgb[at + 1] = (byte) (square ? 40 : 200);
          rgb[at + 2] = (byte) (y < SIDE / 2 ? 220 : 90);
        }
      }
      out.add(new RgbImage(SIDE, SIDE, rgb));
    }
    return out;
  }

  @Test
  void adaptationImprovesTheClipAndItsDeltasArePaidByTheFrames() {
    // Bolder than the defaults (tuned for trained weights): a random decoder's biases must move far.
    OnlineAdapter.Options bold = new OnlineAdapter.Options(30, 1e-2f, 2, 4, Double.NaN, 3.0, Double.NaN, 8, 7, 1.0);
    AdaptationEvaluator evaluator = new AdaptationEvaluator(TINY, bold, 2, 5);
    AdaptationEvaluator.Row r = evaluator.evaluate(clip(6), "awgn", 10, null);

    assertEquals(6, r.frames());
    assertEquals(2, r.deltasSent() + r.deltasRefused(), "one decision after each group but the last");
    assertTrue(r.deltasSent() >= 1, "a grey decoder on a colourful clip is worth adapting");
    assertTrue(r.psnrAdapted() > r.psnr() + 1, r.psnr() + " → " + r.psnrAdapted() + " dB");
    assertTrue(r.deltaShare() > 0 && r.deltaShare() < 0.5, "delta share " + r.deltaShare());
    assertTrue(r.cbr() <= CBR, "plain stream CBR " + r.cbr());
    // Equal total CBR: frames and deltas together stay within the target (the debt is repaid in time).
    assertTrue(r.cbrAdapted() <= CBR + 1e-12, "adapted stream CBR " + r.cbrAdapted());
    assertTrue(r.cbrAdapted() > 0.8 * CBR, "adapted stream CBR " + r.cbrAdapted());
  }

  @Test
  void anAdaptationThatDivergesIsARefusalAndTheEvaluationGoesOn() {
    // A learning rate no fine-tuning survives: the loss leaves the floats within a step or two.
    OnlineAdapter.Options wild = new OnlineAdapter.Options(10, 1e30f, 2, 4, Double.NaN, 3.0, Double.NaN, 8, 7, 1.0);
    AdaptationEvaluator.Row r = new AdaptationEvaluator(TINY, wild, 2, 5).evaluate(clip(6), "awgn", 10, null);

    assertEquals(2, r.deltasRefused(), "both groups refused");
    assertEquals(2, r.refusedDiverged(), "because they diverged");
    assertEquals(0, r.deltasSent());
    assertEquals(r.psnr(), r.psnrAdapted(), 1e-9, "the decoder kept its version");
    assertEquals(0, r.nonFiniteFrames(), "no picture was NaN: the diverged values never reached the receiver");
  }

  @Test
  void decoderOutputThatIsNotFiniteIsCountedAndTheEvaluationGoesOn() {
    // A decoder whose adaptable biases are NaN: every picture it draws is NaN, and so is every loss.
    Supplier<ExplicitCodec> broken = () -> {
      ExplicitCodec codec = TINY.get();
      AdaptableParameters subset = AdaptableParameters.decoderDefaults(codec.network());
      float[] nan = new float[subset.size()];
      java.util.Arrays.fill(nan, Float.NaN);
      subset.write(nan);
      return codec;
    };
    AdaptationEvaluator.Row r = new AdaptationEvaluator(broken, OnlineAdapter.Options.defaults().withSteps(2), 2, 5)
        .evaluate(clip(4), "awgn", 10, null);
    assertEquals(4, r.frames());
    assertEquals(8, r.nonFiniteFrames(), "every frame of both streams, scored as grey");
    assertEquals(1, r.deltasRefused());
    assertEquals(1, r.refusedDiverged());
  }

  @Test
  void withoutAnyAdaptationBothStreamsAreTheSame() {
    AdaptationEvaluator evaluator = new AdaptationEvaluator(TINY, OnlineAdapter.Options.defaults(), 10, 5);
    AdaptationEvaluator.Row r = evaluator.evaluate(clip(3), "awgn", 4, null);

    assertEquals(0, r.deltasSent() + r.deltasRefused());
    assertEquals(r.psnr(), r.psnrAdapted(), 0.0);
    assertEquals(r.cbr(), r.cbrAdapted(), 0.0);
    assertEquals(0.0, r.deltaShare(), 0.0);
  }

  @Test
  void rejectsAnEmptyGroupOrClip() {
    assertThrows(IllegalArgumentException.class,
        () -> new AdaptationEvaluator(TINY, OnlineAdapter.Options.defaults(), 0, 1));
    AdaptationEvaluator evaluator = new AdaptationEvaluator(TINY, OnlineAdapter.Options.defaults(), 2, 1);
    assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(List.of(), "awgn", 10, null));
  }
}
