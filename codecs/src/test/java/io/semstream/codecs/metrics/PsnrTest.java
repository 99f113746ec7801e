package io.semstream.codecs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.semstream.codecs.image.RgbImage;
import org.junit.jupiter.api.Test;

class PsnrTest {
  @Test
  void constantOffsetOfTenIs28Point13Db() {
    byte[] a = new byte[32 * 16 * 3];
    byte[] b = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      int v = (i * 37) % 240; // stays below 246 so +10 never clips
      a[i] = (byte) v;
      b[i] = (byte) (v + 10);
    }
    // Every sample is off by exactly 10, so MSE = 100.
    RgbImage ref = new RgbImage(32, 16, a);
    RgbImage test = new RgbImage(32, 16, b);
    assertEquals(10 * Math.log10(255.0 * 255.0 / 100.0), Psnr.of(ref, test), 1e-9);
    assertEquals(28.1308, Psnr.of(ref, test), 1e-4);
  }

  @Test
  void knownMseOnAFewPixels() {
    byte[] a = new byte[4 * 4 * 3];
    byte[] b = a.clone();
    b[0] = (byte) 40; // one sample off by 40: MSE = 1600 / 48
    assertEquals(10 * Math.log10(255.0 * 255.0 * 48 / 1600), Psnr.of(new RgbImage(4, 4, a), new RgbImage(4, 4, b)), 1e-9);
  }

  @Test
  void identicalIsCappedAt100AndSizeMismatchIsRejected() {
    RgbImage img = TestImages.textured(20, 10, 1);
    assertEquals(100.0, Psnr.of(img, img));
    assertThrows(IllegalArgumentException.class, () -> Psnr.of(img, TestImages.textured(10, 20, 1)));
  }
}
