package io.semstream.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.semstream.codecs.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticVideoTest {

  /** Red ramps left to right, green top to bottom, blue is a fine texture: position is readable from colour. */
  static RgbImage rampPhoto(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        rgb[o] = (byte) Math.round(255.0 * x / (w - 1));
        rgb[o + 1] = (byte) Math.round(255.0 * y / (h - 1));
        rgb[o + 2] = (byte) (((x / 4 + y / 4) % 2) * 200);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  /** Mean absolute difference of the red and green channels. */
  static double rampDiff(RgbImage a, RgbImage b) {
    long s = 0;
    for (int i = 0; i < a.rgb().length; i += 3) {
      s += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
      s += Math.abs((a.rgb()[i + 1] & 0xFF) - (b.rgb()[i + 1] & 0xFF));
    }
    return s / (a.rgb().length / 3.0 * 2);
  }

  @Test
  void zoomsInSmoothlyAndIsDeterministic() {
    RgbImage photo = rampPhoto(160, 120);
    List<RgbImage> frames = new ArrayList<>();
    try (SyntheticVideo v = new SyntheticVideo(photo, 64, 48, 12)) {
      assertEquals(12, v.totalFrames().getAsInt());
      v.forEachRemaining(frames::add);
      assertFalse(v.hasNext());
    }
    assertEquals(12, frames.size());
    for (RgbImage f : frames) {
      assertEquals(64, f.width());
      assertEquals(48, f.height());
    }
    // Same aspect ratio as the photo: frame 0 shows the whole red ramp, the last one 1/1.6 of it.
    RgbImage first = frames.get(0);
    RgbImage last = frames.get(11);
    double span0 = first.get(63, 24, 0) - first.get(0, 24, 0);
    double spanN = last.get(63, 24, 0) - last.get(0, 24, 0);
    assertTrue(span0 > 240, "frame 0 red span " + span0);
    assertEquals(1.6, span0 / spanN, 0.08);

    // Consecutive frames are close, the ends far apart: it moves, smoothly. Measured on the ramps
    // only; the fine texture in blue changes a lot for any sub-pixel move.
    double maxStep = 0;
    for (int i = 1; i < frames.size(); i++) {
      maxStep = Math.max(maxStep, rampDiff(frames.get(i - 1), frames.get(i)));
    }
    double ends = rampDiff(first, last);
    assertTrue(ends > 3 * maxStep, "ends differ by " + ends + ", largest step " + maxStep);

    try (SyntheticVideo again = new SyntheticVideo(photo, 64, 48, 12)) {
      assertArrayEquals(frames.get(5).rgb(), again.frame(5).rgb());
    }
  }

  @Test
  void bigPhotosArePrefilteredNotAliased() {
    // A 1-pixel checkerboard: sampled without a low-pass it would come out as strong moiré;
    // averaged properly it is flat grey.
    int w = 1600;
    int h = 1200;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        byte v = (byte) (((x + y) & 1) == 0 ? 255 : 0);
        int o = (y * w + x) * 3;
        rgb[o] = v;
        rgb[o + 1] = v;
        rgb[o + 2] = v;
      }
    }
    try (SyntheticVideo v = new SyntheticVideo(new RgbImage(w, h, rgb), 80, 60, 3)) {
      for (int i = 0; i < 3; i++) {
        RgbImage f = v.frame(i);
        for (int p = 0; p < f.rgb().length; p++) {
          int level = f.rgb()[p] & 0xFF;
          assertTrue(Math.abs(level - 128) <= 12, "frame " + i + " level " + level);
        }
      }
    }
  }

  @Test
  void areaResizeAverages() {
    byte[] rgb = new byte[4 * 2 * 3];
    for (int x = 0; x < 4; x++) {
      rgb[x * 3] = (byte) (x < 2 ? 10 : 30);
      rgb[(4 + x) * 3] = (byte) (x < 2 ? 30 : 50);
    }
    RgbImage small = SyntheticVideo.areaResize(new RgbImage(4, 2, rgb), 2, 1);
    assertEquals(20, small.get(0, 0, 0));
    assertEquals(40, small.get(1, 0, 0));
  }

  @Test
  void oneFrameAndBadArguments() {
    try (SyntheticVideo v = new SyntheticVideo(rampPhoto(40, 40), 16, 9, 1)) {
      assertEquals(16, v.next().width());
      assertFalse(v.hasNext());
    }
    assertThrows(IllegalArgumentException.class, () -> new SyntheticVideo(rampPhoto(8, 8), 0, 8, 3));
    assertThrows(IllegalArgumentException.class, () -> new SyntheticVideo(rampPhoto(8, 8), 8, 8, 0));
  }

  @Test
  void samplePhotoLoadsWhenBundled() {
    assumeTrue(SyntheticVideo.class.getResource(SyntheticVideo.SAMPLE_RESOURCE) != null,
        "sample photo not added yet");
    RgbImage photo = SyntheticVideo.samplePhoto();
    assertTrue(photo.width() >= 64 && photo.height() >= 64);
    try (SyntheticVideo v = new SyntheticVideo(photo, 128, 96, 2)) {
      assertEquals(128, v.next().width());
    }
  }
}
