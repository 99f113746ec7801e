package io.semstream.codecs.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

  static RgbImage noise(int w, int h, long seed) {
    byte[] rgb = new byte[w * h * 3];
    new Random(seed).nextBytes(rgb);
    return new RgbImage(w, h, rgb);
  }

  /** Smooth content, which JPEG is meant for; noise would measure nothing but JPEG's worst case. */
  static RgbImage gradient(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        rgb[o] = (byte) (255 * x / (w - 1));
        rgb[o + 1] = (byte) (255 * y / (h - 1));
        rgb[o + 2] = (byte) (128 + 100 * Math.sin(x * 0.1 + y * 0.05));
      }
    }
    return new RgbImage(w, h, rgb);
  }

  static byte[] imageIoPng(BufferedImage bi) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(bi, "png", out));
    return out.toByteArray();
  }

  @Test
  void pngRoundTripIsExact() {
    RgbImage img = noise(37, 23, 1);
    byte[] png = ImageFiles.encodePng(img);
    assertEquals("png", ImageFiles.sniff(png));
    RgbImage back = ImageFiles.decode(png);
    assertEquals(37, back.width());
    assertEquals(23, back.height());
    assertArrayEquals(img.rgb(), back.rgb());
  }

  @Test
  void encodingDoesNotTouchTheSourcePixels() {
    RgbImage img = noise(16, 8, 2);
    byte[] before = img.rgb().clone();
    ImageFiles.encodePng(img);
    ImageFiles.encodeJpeg(img, 0.8f);
    assertArrayEquals(before, img.rgb());
  }

  @Test
  void jpegRoundTripIsClose() {
    RgbImage img = gradient(96, 64);
    byte[] jpg = ImageFiles.encodeJpeg(img, 0.95f);
    assertEquals("jpeg", ImageFiles.sniff(jpg));
    RgbImage back = ImageFiles.decode(jpg);
    assertEquals(96, back.width());
    assertEquals(64, back.height());
    double sum = 0;
    for (int i = 0; i < img.rgb().length; i++) {
      sum += Math.abs((img.rgb()[i] & 0xFF) - (back.rgb()[i] & 0xFF));
    }
    double mae = sum / img.rgb().length;
    assertTrue(mae < 3.0, "mean abs error " + mae);
    // A swapped channel order would still be "an image"; check the red ramp goes the right way.
    assertTrue(back.get(90, 32, 0) > 200 && back.get(5, 32, 0) < 40);
    assertTrue(back.get(48, 60, 1) > 200 && back.get(48, 3, 1) < 40);
  }

  @Test
  void lowerJpegQualityGivesSmallerFiles() {
    RgbImage img = gradient(128, 128);
    assertTrue(ImageFiles.encodeJpeg(img, 0.3f).length < ImageFiles.encodeJpeg(img, 0.95f).length);
    assertThrows(IllegalArgumentException.class, () -> ImageFiles.encodeJpeg(img, 1.5f));
  }

  @Test
  void garbageIsRejectedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageFiles.decode("hello, this is text".getBytes()));
    assertEquals("not a PNG or JPEG image", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ImageFiles.decode(new byte[0]));
  }

  @Test
  void truncatedPngReportsTheDecoderReason() {
    byte[] png = ImageFiles.encodePng(noise(64, 64, 3));
    byte[] cut = Arrays.copyOf(png, png.length / 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.decode(cut));
    assertTrue(e.getMessage().startsWith("cannot decode PNG"), e.getMessage());
  }

  @Test
  void greyPngKeepsItsRawLevels() throws IOException {
    BufferedImage bi = new BufferedImage(8, 2, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = bi.getRaster();
    for (int x = 0; x < 8; x++) {
      r.setSample(x, 0, 0, x * 30);
      r.setSample(x, 1, 0, 255 - x);
    }
    RgbImage img = ImageFiles.decode(imageIoPng(bi));
    for (int x = 0; x < 8; x++) {
      // getRGB would give ~ 95 for 30 here (linear-grey to sRGB); the file says 30.
      for (int c = 0; c < 3; c++) {
        assertEquals(x * 30, img.get(x, 0, c));
        assertEquals(255 - x, img.get(x, 1, c));
      }
    }
  }

  @Test
  void sixteenBitGreyPngIsScaledTo8Bits() throws IOException {
    BufferedImage bi = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
    int[] levels = {0, 77, 200, 255};
    for (int x = 0; x < 4; x++) {
      bi.getRaster().setSample(x, 0, 0, levels[x] * 257);
    }
    RgbImage img = ImageFiles.decode(imageIoPng(bi));
    for (int x = 0; x < 4; x++) {
      assertEquals(levels[x], img.get(x, 0, 1));
    }
  }

  @Test
  void palettePngIsExpanded() throws IOException {
    byte[] r = {(byte) 255, 0, 0, 10};
    byte[] g = {0, (byte) 255, 0, 20};
    byte[] b = {0, 0, (byte) 255, 30};
    IndexColorModel icm = new IndexColorModel(2, 4, r, g, b);
    BufferedImage bi = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_BINARY, icm);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 5; x++) {
        bi.getRaster().setSample(x, y, 0, (x + y) % 4);
      }
    }
    RgbImage img = ImageFiles.decode(imageIoPng(bi));
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 5; x++) {
        int i = (x + y) % 4;
        assertEquals(r[i] & 0xFF, img.get(x, y, 0));
        assertEquals(g[i] & 0xFF, img.get(x, y, 1));
        assertEquals(b[i] & 0xFF, img.get(x, y, 2));
      }
    }
  }

  @Test
  void alphaIsDroppedAndColoursKept() throws IOException {
    BufferedImage bi = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    bi.setRGB(0, 0, 0x80FF0000);
    bi.setRGB(1, 0, 0xFF00FF00);
    bi.setRGB(2, 0, 0x400000FF);
    RgbImage img = ImageFiles.decode(imageIoPng(bi));
    assertArrayEquals(new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255}, img.rgb());
  }

  @Test
  void bgrImagesComeOutAsRgb() {
    BufferedImage bi = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
    bi.setRGB(0, 0, 0x102030);
    bi.setRGB(1, 0, 0xA0B0C0);
    assertArrayEquals(new byte[] {0x10, 0x20, 0x30, (byte) 0xA0, (byte) 0xB0, (byte) 0xC0},
        ImageFiles.toRgb(bi).rgb());
  }

  @Test
  void greyJpegDecodes() throws IOException {
    BufferedImage bi = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        bi.getRaster().setSample(x, y, 0, 100);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(bi, "jpeg", out));
    RgbImage img = ImageFiles.decode(out.toByteArray());
    assertTrue(Math.abs(img.get(7, 7, 0) - 100) <= 2);
    assertEquals(img.get(7, 7, 0), img.get(7, 7, 2));
  }

  @Test
  void writeAndReadFiles(@TempDir Path dir) throws IOException {
    RgbImage img = noise(10, 7, 4);
    Path f = dir.resolve("x.png");
    ImageFiles.writePng(img, f);
    assertArrayEquals(img.rgb(), ImageFiles.read(f).rgb());
    Path bad = dir.resolve("bad.png");
    Files.writeString(bad, "nope");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(bad));
    assertTrue(e.getMessage().contains("bad.png") && e.getMessage().contains("not a PNG or JPEG"));
  }

  @Test
  void bigImagesAreQuick() {
    RgbImage img = gradient(1920, 1080);
    long t0 = System.nanoTime();
    RgbImage back = ImageFiles.decode(ImageFiles.encodeJpeg(img, 0.9f));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(1920, back.width());
    // Generous: catches a per-pixel getRGB slow path (seconds), not machine noise.
    assertTrue(ms < 5000, "1080p JPEG round trip took " + ms + " ms");
  }
}
