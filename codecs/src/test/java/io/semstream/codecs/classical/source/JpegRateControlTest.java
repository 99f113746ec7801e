package io.semstream.codecs.classical.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.classical.ClassicalTestImages;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import org.junit.jupiter.api.Test;

class JpegRateControlTest {
  private static final RgbImage IMAGE = ClassicalTestImages.scene(120, 88, 1);

  /** The receiver's rebuilt file is the writer's file, byte for byte, at any quality and frame size. */
  @Test
  void rebuiltFileEqualsTheWritersFile() {
    for (int q : new int[] {1, 7, 50, 93, 100}) {
      byte[] file = JpegRateControl.encodeFile(IMAGE, q);
      byte[] scan = JpegRateControl.encode(IMAGE, q);
      assertTrue(scan.length < file.length - 500, "the header is what is saved");
      assertArrayEquals(file, JpegRateControl.rebuild(scan, IMAGE.width(), IMAGE.height(), q), "quality " + q);
    }
    RgbImage odd = ClassicalTestImages.scene(33, 301, 2);
    assertArrayEquals(JpegRateControl.encodeFile(odd, 40),
        JpegRateControl.rebuild(JpegRateControl.encode(odd, 40), 33, 301, 40));
    RgbImage decoded = JpegRateControl.decode(JpegRateControl.encode(IMAGE, 60), IMAGE.width(), IMAGE.height(), 60);
    assertArrayEquals(ImageFiles.decode(JpegRateControl.encodeFile(IMAGE, 60)).rgb(), decoded.rgb());
  }

  /** The quality found is the largest that fits: it fits, the next one up does not. */
  @Test
  void fitFindsTheLargestQualityThatFits() {
    long low = JpegRateControl.encode(IMAGE, 1).length;
    long high = JpegRateControl.encode(IMAGE, 100).length;
    for (long budget : new long[] {low, low + 150, (low + high) / 3, (low + high) / 2, high - 1, high, high * 2}) {
      RateControlResult r = JpegRateControl.fit(IMAGE, budget);
      assertTrue(r.fits());
      int q = (int) r.quality();
      assertTrue(r.size() <= budget);
      assertArrayEquals(JpegRateControl.encode(IMAGE, q), r.bytes());
      if (q < 100) {
        assertTrue(JpegRateControl.encode(IMAGE, q + 1).length > budget, "quality " + (q + 1) + " fits " + budget);
      }
    }
  }

  @Test
  void tooSmallABudgetSaysSo() {
    long low = JpegRateControl.encode(IMAGE, 1).length;
    RateControlResult r = JpegRateControl.fit(IMAGE, low - 1);
    assertFalse(r.fits());
    assertEquals(0, r.size());
    assertEquals(low, r.smallestBytes());
  }
}
