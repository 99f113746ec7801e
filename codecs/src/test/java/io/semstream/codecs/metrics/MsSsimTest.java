package io.semstream.codecs.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.image.RgbImage;
import org.junit.jupiter.api.Test;

class MsSsimTest {
  @Test
  void identicalImagesScoreOne() {
    RgbImage a = TestImages.textured(64, 64, 1);
    assertEquals(1.0, MsSsim.of(a, a), 1e-12);
    RgbImage big = TestImages.textured(1024, 436, 2);
    assertEquals(1.0, MsSsim.of(big, big), 1e-12);
  }

  @Test
  void scoreFallsAsNoiseRises() {
    for (int[] size : new int[][] {{64, 64}, {1024, 436}}) {
      RgbImage ref = TestImages.textured(size[0], size[1], 3);
      double previous = 1.0;
      for (double sigma : new double[] {2, 8, 25, 60}) {
        double s = MsSsim.of(ref, TestImages.withGaussianNoise(ref, sigma, 4));
        assertTrue(s < previous, size[0] + "x" + size[1] + " sigma " + sigma + ": " + s + " !< " + previous);
        assertTrue(s >= 0 && s <= 1, "in [0, 1]: " + s);
        previous = s;
      }
      assertTrue(previous < 0.9, "heavy noise must be visible, got " + previous);
    }
  }

  @Test
  void symmetricInItsArguments() {
    RgbImage a = TestImages.textured(80, 50, 5);
    RgbImage b = TestImages.withGaussianNoise(a, 10, 6);
    assertEquals(MsSsim.of(a, b), MsSsim.of(b, a), 1e-12);
  }

  @Test
  void scalesShrinkWithTheImageAndWeightsAreRenormalised() {
    assertEquals(5, MsSsim.scalesFor(1024, 436));
    assertEquals(5, MsSsim.scalesFor(161, 161)); // 161 → 81 → 41 → 21 → 11
    assertEquals(4, MsSsim.scalesFor(160, 300)); // 160 → 80 → 40 → 20 → (10 too small)
    assertEquals(3, MsSsim.scalesFor(64, 64));
    assertEquals(1, MsSsim.scalesFor(11, 11));
    assertEquals(1, MsSsim.scalesFor(20, 500));
    assertEquals(0, MsSsim.scalesFor(10, 500));
    assertArrayEquals(new double[] {0.0448, 0.2856, 0.3001, 0.2363, 0.1333}, MsSsim.weightsFor(5), 0.0);
    double[] three = MsSsim.weightsFor(3);
    assertEquals(1.0, three[0] + three[1] + three[2], 1e-12);
    assertEquals(0.0448 / 0.6305, three[0], 1e-12);
  }

  @Test
  void singleScaleOfAUniformShiftIsTheLuminanceTerm() {
    // 11x11 = one window, one scale; a flat image vs the same shifted by d has zero variance, so the
    // score is exactly the luminance term (2 m1 m2 + C1) / (m1² + m2² + C1).
    byte[] a = new byte[11 * 11 * 3];
    byte[] b = new byte[a.length];
    java.util.Arrays.fill(a, (byte) 100);
    java.util.Arrays.fill(b, (byte) 140);
    double c1 = 2.55 * 2.55;
    double expected = (2 * 100.0 * 140 + c1) / (100.0 * 100 + 140.0 * 140 + c1);
    assertEquals(expected, MsSsim.of(new RgbImage(11, 11, a), new RgbImage(11, 11, b)), 1e-9);
  }

  @Test
  void rejectsTooSmallOrMismatched() {
    RgbImage tiny = TestImages.textured(10, 40, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MsSsim.of(tiny, tiny));
    assertTrue(e.getMessage().contains("11x11"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> MsSsim.of(TestImages.textured(64, 64, 1), TestImages.textured(64, 65, 1)));
  }
}
