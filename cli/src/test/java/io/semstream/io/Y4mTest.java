package io.semstream.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.semstream.codecs.image.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Y4mTest {

  /** A Y4M stream from a header tail and raw frames, each given as its Y, Cb, Cr planes concatenated. */
  static byte[] y4m(String headerTags, String frameLine, byte[]... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("YUV4MPEG2 " + headerTags + "\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] f : frames) {
      out.writeBytes((frameLine + "\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(f);
    }
    return out.toByteArray();
  }

  static byte[] planes(int lumaCount, int y, int chromaCount, int cb, int cr) {
    byte[] f = new byte[lumaCount + 2 * chromaCount];
    Arrays.fill(f, 0, lumaCount, (byte) y);
    Arrays.fill(f, lumaCount, lumaCount + chromaCount, (byte) cb);
    Arrays.fill(f, lumaCount + chromaCount, f.length, (byte) cr);
    return f;
  }

  static Y4mSource source(byte[] bytes) throws IOException {
    return new Y4mSource(new ByteArrayInputStream(bytes), "test.y4m", true);
  }

  static List<RgbImage> readAll(Y4mSource s) {
    List<RgbImage> out = new ArrayList<>();
    s.forEachRemaining(out::add);
    return out;
  }

  static void assertPixel(RgbImage img, int x, int y, int r, int g, int b, int tol) {
    int[] got = {img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)};
    String msg = "pixel (" + x + "," + y + ") = " + Arrays.toString(got) + ", want ~[" + r + ", " + g + ", " + b + "]";
    assertTrue(Math.abs(got[0] - r) <= tol && Math.abs(got[1] - g) <= tol && Math.abs(got[2] - b) <= tol, msg);
  }

  static RgbImage noise(int w, int h, long seed) {
    byte[] rgb = new byte[w * h * 3];
    new Random(seed).nextBytes(rgb);
    return new RgbImage(w, h, rgb);
  }

  static RgbImage smooth(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        rgb[o] = (byte) (40 + 170 * x / (w - 1));
        rgb[o + 1] = (byte) (30 + 190 * y / (h - 1));
        rgb[o + 2] = (byte) (128 + 90 * Math.sin(x * 0.15 + y * 0.1));
      }
    }
    return new RgbImage(w, h, rgb);
  }

  static int maxAbsDiff(RgbImage a, RgbImage b) {
    int m = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      m = Math.max(m, Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF)));
    }
    return m;
  }

  static double meanAbsDiff(RgbImage a, RgbImage b) {
    long s = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      s += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
    }
    return (double) s / a.rgb().length;
  }

  @Test
  void limitedRangeLevelsMapToBlackWhiteAndPrimaries() throws IOException {
    // 4:4:4, 3 pixels: black, white, BT.601 red (Y 81, Cb 90, Cr 240).
    byte[] f = {16, (byte) 235, 81, (byte) 128, (byte) 128, 90, (byte) 128, (byte) 128, (byte) 240};
    try (Y4mSource s = source(y4m("W3 H1 F25:1 Ip A1:1 C444", "FRAME", f))) {
      assertFalse(s.fullRange());
      RgbImage img = s.next();
      assertPixel(img, 0, 0, 0, 0, 0, 0);
      assertPixel(img, 1, 0, 255, 255, 255, 0);
      assertPixel(img, 2, 0, 255, 0, 0, 2);
      assertFalse(s.hasNext());
    }
  }

  @Test
  void fullRangeTagSwitchesToJpegLevels() throws IOException {
    // Full range: Y 76, Cb 85, Cr 255 is red; Y 0 is black, 255 white.
    byte[] f = {0, (byte) 255, 76, (byte) 128, (byte) 128, 85, (byte) 128, (byte) 128, (byte) 255};
    try (Y4mSource s = source(y4m("W3 H1 C444 XCOLORRANGE=FULL", "FRAME", f))) {
      assertTrue(s.fullRange());
      RgbImage img = s.next();
      assertPixel(img, 0, 0, 0, 0, 0, 0);
      assertPixel(img, 1, 0, 255, 255, 255, 0);
      assertPixel(img, 2, 0, 255, 0, 0, 2);
    }
  }

  @Test
  void chroma420WithOddSizesAndNoCTag() throws IOException {
    // 5x3 luma has 3x2 chroma; no C tag means 4:2:0.
    byte[] f = planes(15, 145, 6, 54, 34); // BT.601 limited green-ish: Y 145, Cb 54, Cr 34
    try (Y4mSource s = source(y4m("W5 H3 F30000:1001", "FRAME", f, f))) {
      assertEquals("C420", s.chroma());
      assertEquals(29.97, s.frameRate().getAsDouble(), 0.01);
      List<RgbImage> frames = readAll(s);
      assertEquals(2, frames.size());
      RgbImage img = frames.get(1);
      assertEquals(5, img.width());
      assertEquals(3, img.height());
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 5; x++) {
          assertPixel(img, x, y, 0, 255, 0, 3);
        }
      }
    }
  }

  @Test
  void chromaSitingFollowsTheCTag() throws IOException {
    // One row of 4 luma, 2 chroma samples: Cr jumps from 128 to 228. With mpeg2 siting chroma
    // sample 1 sits on luma column 2, so that column gets the full jump; with jpeg siting it
    // sits between columns 2 and 3, so column 2 gets only part of it.
    byte[] f = {(byte) 128, (byte) 128, (byte) 128, (byte) 128, (byte) 128, (byte) 128, (byte) 128, (byte) 228};
    int redMpeg2;
    int redJpeg;
    int redFull;
    try (Y4mSource s = source(y4m("W4 H1 C420mpeg2", "FRAME", f))) {
      RgbImage img = s.next();
      redMpeg2 = img.get(2, 0, 0);
      redFull = img.get(3, 0, 0);
      assertTrue(img.get(0, 0, 0) < img.get(1, 0, 0) && img.get(1, 0, 0) < redMpeg2);
    }
    try (Y4mSource s = source(y4m("W4 H1 C420jpeg", "FRAME", f))) {
      redJpeg = s.next().get(2, 0, 0);
    }
    assertEquals(redFull, redMpeg2);
    assertTrue(redJpeg < redMpeg2, "jpeg " + redJpeg + " vs mpeg2 " + redMpeg2);
  }

  @Test
  void frameParametersAreSkipped() throws IOException {
    byte[] f = planes(4, 235, 4, 128, 128);
    try (Y4mSource s = source(y4m("W2 H2 C444 Ip A0:0 XYSCSS=444", "FRAME Ip XFOO=1", f, f))) {
      List<RgbImage> frames = readAll(s);
      assertEquals(2, frames.size());
      assertPixel(frames.get(1), 1, 1, 255, 255, 255, 0);
    }
  }

  @Test
  void unsupportedChromaAndDepthsAreRefusedWithTheFix() {
    FrameSourceException e = assertThrows(FrameSourceException.class, () -> source(y4m("W2 H2 C422", "FRAME")));
    assertEquals("unsupported Y4M chroma C422; SemStream reads 8-bit 4:2:0 and 4:4:4 — convert with ffmpeg -pix_fmt yuv420p",
        e.getMessage());
    for (String c : List.of("C420p10", "C444p12", "Cmono", "C444alpha", "C411")) {
      FrameSourceException x = assertThrows(FrameSourceException.class, () -> source(y4m("W2 H2 " + c, "FRAME")));
      assertTrue(x.getMessage().startsWith("unsupported Y4M chroma " + c + ";"), x.getMessage());
    }
  }

  @Test
  void notAY4mStream() {
    FrameSourceException e = assertThrows(FrameSourceException.class,
        () -> source("\u0089PNG\r\n\u001a\n....".getBytes(StandardCharsets.ISO_8859_1)));
    assertTrue(e.getMessage().contains("not a Y4M stream"), e.getMessage());
    assertThrows(FrameSourceException.class, () -> source("YUV4MPEG2 H2 C444\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void truncatedFileDeliversGoodFramesThenSaysWhere(@TempDir Path dir) throws IOException {
    int frameBytes = 4 * 4 + 2 * 2 * 2; // 4x4 4:2:0
    byte[] good = planes(16, 100, 4, 128, 128);
    byte[] whole = y4m("W4 H4 C420jpeg", "FRAME", good, good, good, good);
    byte[] cut = Arrays.copyOf(whole, whole.length - 10);
    Path file = dir.resolve("cut.y4m");
    Files.write(file, cut);
    try (Y4mSource s = new Y4mSource(file)) {
      assertEquals(3, s.totalFrames().getAsInt());
      List<RgbImage> got = new ArrayList<>();
      FrameSourceException e = assertThrows(FrameSourceException.class, () -> {
        while (s.hasNext()) {
          got.add(s.next());
        }
      });
      assertEquals(3, got.size());
      assertEquals("truncated Y4M: frame 4 has " + (frameBytes - 10) + " of " + frameBytes + " bytes", e.getMessage());
      assertFalse(s.hasNext(), "after reporting, the source is finished");
    }
    // Cut inside the FRAME line of the 2nd frame: no payload bytes at all.
    byte[] inHeader = Arrays.copyOf(whole, whole.length - 3 * (frameBytes + 6) + 3);
    try (Y4mSource s = source(inHeader)) {
      s.next();
      FrameSourceException e = assertThrows(FrameSourceException.class, s::hasNext);
      assertEquals("truncated Y4M: frame 2 has 0 of " + frameBytes + " bytes", e.getMessage());
    }
  }

  @Test
  void garbageWhereAFrameShouldStart() throws IOException {
    byte[] good = planes(4, 100, 4, 128, 128);
    byte[] bytes = y4m("W2 H2 C444", "FRAME", good, good);
    bytes[bytes.length - good.length - 6] = 'X'; // second "FRAME" becomes "XRAME"
    try (Y4mSource s = source(bytes)) {
      s.next();
      FrameSourceException e = assertThrows(FrameSourceException.class, s::hasNext);
      assertTrue(e.getMessage().contains("expected FRAME before frame 2"), e.getMessage());
    }
  }

  @Test
  void writerRoundTrip444IsWithinRounding() throws IOException {
    RgbImage img = noise(23, 17, 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Y4mWriter w = new Y4mWriter(out)) {
      w.write(img);
      w.write(img);
      assertEquals(2, w.framesWritten());
    }
    String want = "YUV4MPEG2 W23 H17 F25:1 Ip A1:1 C444 XCOLORRANGE=LIMITED\nFRAME\n";
    assertEquals(want, new String(out.toByteArray(), 0, want.length(), StandardCharsets.US_ASCII));
    try (Y4mSource s = source(out.toByteArray())) {
      List<RgbImage> back = readAll(s);
      assertEquals(2, back.size());
      // Studio-swing quantisation costs at most ~2 levels per channel.
      assertTrue(maxAbsDiff(img, back.get(0)) <= 3, "max diff " + maxAbsDiff(img, back.get(0)));
      assertArrayEquals(back.get(0).rgb(), back.get(1).rgb());
    }
  }

  @Test
  void writerRoundTrip420IsCloseOnSmoothContent() throws IOException {
    RgbImage img = smooth(33, 21);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Y4mWriter w = new Y4mWriter(out, 30, 1, Y4mWriter.Chroma.C420)) {
      w.write(img);
    }
    int expected = "YUV4MPEG2 W33 H21 F30:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n".length() + 6 + 33 * 21 + 2 * 17 * 11;
    assertEquals(expected, out.size());
    try (Y4mSource s = source(out.toByteArray())) {
      RgbImage back = s.next();
      double mae = meanAbsDiff(img, back);
      assertTrue(mae < 1.5, "mean abs diff " + mae);
      assertTrue(maxAbsDiff(img, back) <= 8, "max diff " + maxAbsDiff(img, back));
    }
  }

  @Test
  void writerRefusesASizeChange() throws IOException {
    try (Y4mWriter w = new Y4mWriter(new ByteArrayOutputStream())) {
      w.write(noise(4, 4, 1));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(noise(4, 6, 1)));
      assertTrue(e.getMessage().contains("4x4"), e.getMessage());
    }
  }

  /**
   * Cross-checks both directions against ffmpeg's own conversions, when ffmpeg is installed: ffmpeg
   * must read what we write, and we must read what ffmpeg writes the way ffmpeg does. ffmpeg's
   * default YUV→RGB path repeats chroma samples (nearest neighbour), which alone costs ~2.5 levels
   * on 4:2:0; the accurate flags make it interpolate, a fair reference for our bilinear upsampling.
   */
  @Test
  void agreesWithFfmpeg(@TempDir Path dir) throws Exception {
    assumeTrue(ffmpegAvailable(), "ffmpeg not installed");
    RgbImage img = smooth(64, 48);
    for (Y4mWriter.Chroma chroma : Y4mWriter.Chroma.values()) {
      Path ours = dir.resolve("ours-" + chroma + ".y4m");
      try (Y4mWriter w = new Y4mWriter(Files.newOutputStream(ours), 25, 1, chroma)) {
        w.write(img);
      }
      Path rgb = dir.resolve("ffmpeg-" + chroma + ".rgb");
      ffmpeg("-f", "yuv4mpegpipe", "-i", ours.toString(), "-sws_flags", ACCURATE, "-f", "rawvideo", "-pix_fmt", "rgb24", rgb.toString());
      RgbImage decodedByFfmpeg = new RgbImage(64, 48, Files.readAllBytes(rgb));
      double mae = meanAbsDiff(img, decodedByFfmpeg);
      assertTrue(mae < 1.5, chroma + ": ffmpeg reads our Y4M with mean abs diff " + mae);

      Path theirs = dir.resolve("theirs-" + chroma + ".y4m");
      String pixFmt = chroma == Y4mWriter.Chroma.C444 ? "yuv444p" : "yuv420p";
      ffmpeg("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "64x48", "-i", rgb.toString(),
          "-sws_flags", ACCURATE, "-pix_fmt", pixFmt, "-f", "yuv4mpegpipe", theirs.toString());
      Path theirsRgb = dir.resolve("theirs-" + chroma + ".rgb");
      ffmpeg("-f", "yuv4mpegpipe", "-i", theirs.toString(), "-sws_flags", ACCURATE, "-f", "rawvideo", "-pix_fmt", "rgb24", theirsRgb.toString());
      try (Y4mSource s = new Y4mSource(theirs)) {
        RgbImage ourRead = s.next();
        RgbImage ffmpegRead = new RgbImage(64, 48, Files.readAllBytes(theirsRgb));
        double d = meanAbsDiff(ourRead, ffmpegRead);
        assertTrue(d < 1.5, chroma + ": we read ffmpeg's Y4M differently from ffmpeg, mean abs diff " + d);
      }
    }
  }

  private static final String ACCURATE = "accurate_rnd+full_chroma_int+bitexact";

  static boolean ffmpegAvailable() {
    try {
      Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static void ffmpeg(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ffmpeg hung");
    assertEquals(0, p.exitValue(), "ffmpeg " + cmd + " failed: " + log);
  }
}
