package io.semstream.codecs.classical.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.classical.ClassicalTestImages;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import org.junit.jupiter.api.Test;

class J2kRateControlTest {
  private static final RgbImage IMAGE = ClassicalTestImages.scene(128, 96, 3);

  @Test
  void fitsCloseUnderTheBudgetAndQualityRisesWithIt() {
    double lastPsnr = 0;
    for (long budget : new long[] {400, 1200, 4000}) {
      RateControlResult r = J2kRateControl.fit(IMAGE, budget);
      assertTrue(r.fits(), r.describe());
      assertTrue(r.size() <= budget, r.describe());
      // JJ2000 truncates at discrete points, so not every size is reachable: compare with the largest
      // size that fits on a grid of rates below the budget's own rate.
      long gridBest = 0;
      double top = budget * 8.0 / (IMAGE.width() * IMAGE.height());
      for (int k = 0; k < 16; k++) {
        try {
          byte[] b = J2kRateControl.encode(IMAGE, top * (0.7 + 0.02 * k));
          if (b.length <= budget) {
            gridBest = Math.max(gridBest, b.length);
          }
        } catch (J2kRateControl.RateTooLowException e) {
          // below the headers
        }
      }
      assertTrue(r.size() >= gridBest - 0.025 * budget, "grid finds " + gridBest + ": " + r.describe());
      assertTrue(r.size() >= 0.85 * budget, "too far under the budget: " + r.describe());
      RgbImage back = J2kRateControl.decode(r.bytes());
      assertEquals(IMAGE.width(), back.width());
      assertEquals(IMAGE.height(), back.height());
      double psnr = Psnr.of(IMAGE, back);
      System.out.printf("J2K %d bytes budget: %d bytes, %.3f bpp, PSNR %.2f dB%n", budget, r.size(), r.quality(), psnr);
      assertTrue(psnr > lastPsnr + 1, "PSNR " + psnr + " after " + lastPsnr);
      lastPsnr = psnr;
    }
  }

  @Test
  void aBudgetBelowTheHeadersDoesNotFit() {
    RateControlResult r = J2kRateControl.fit(IMAGE, 40);
    assertFalse(r.fits());
    assertEquals(0, r.size());
    assertTrue(r.smallestBytes() > 40, r.describe());
  }
}
