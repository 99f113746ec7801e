package io.semstream.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameFolderSourceTest {

  static RgbImage solid(int w, int h, int r, int g, int b) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) r;
      rgb[i + 1] = (byte) g;
      rgb[i + 2] = (byte) b;
    }
    return new RgbImage(w, h, rgb);
  }

  @Test
  void deliversRealFramesInNaturalOrderAndWarnsAboutTheRest(@TempDir Path dir) throws IOException {
    // The red channel encodes the intended position; one frame has another size, one is a JPEG.
    ImageFiles.writePng(solid(8, 6, 10, 0, 0), dir.resolve("frame1.png"));
    ImageFiles.writePng(solid(8, 6, 20, 0, 0), dir.resolve("frame2.png"));
    Files.write(dir.resolve("frame9.jpg"), ImageFiles.encodeJpeg(solid(16, 16, 90, 90, 90), 0.95f));
    ImageFiles.writePng(solid(12, 4, 100, 0, 0), dir.resolve("frame10.png"));
    Files.writeString(dir.resolve("notes.txt"), "shot on a phone");
    byte[] corrupt = ImageFiles.encodePng(solid(8, 6, 50, 0, 0));
    Files.write(dir.resolve("frame5.png"), Arrays.copyOf(corrupt, 30));
    Files.writeString(dir.resolve(".DS_Store"), "mac");
    Files.createDirectory(dir.resolve("frame3.png.d"));

    ByteArrayOutputStream warnBytes = new ByteArrayOutputStream();
    PrintStream warnings = new PrintStream(warnBytes, true, StandardCharsets.UTF_8);
    List<RgbImage> got = new ArrayList<>();
    try (FrameFolderSource src = new FrameFolderSource(dir, warnings)) {
      assertEquals(5, src.totalFrames().getAsInt(), "files that look like images");
      src.forEachRemaining(got::add);
      assertEquals(4, src.delivered());
      assertEquals(2, src.skipped());
    }
    assertEquals(4, got.size());
    assertEquals(10, got.get(0).get(0, 0, 0));
    assertEquals(20, got.get(1).get(0, 0, 0));
    assertTrue(Math.abs(got.get(2).get(3, 3, 0) - 90) <= 3, "the JPEG, 3rd by natural order");
    assertEquals(16, got.get(2).width());
    assertEquals(100, got.get(3).get(0, 0, 0));
    assertEquals(12, got.get(3).width());
    assertEquals(4, got.get(3).height());

    List<String> lines = warnBytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("notes.txt") && lines.get(0).contains("not a PNG or JPEG image"), lines.get(0));
    assertTrue(lines.get(1).contains("frame5.png") && lines.get(1).contains("cannot decode PNG"), lines.get(1));
  }

  @Test
  void emptyFolderIsAnError(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("readme.md"), "#");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FrameFolderSource(dir, new PrintStream(OutputStream.nullOutputStream())));
    assertTrue(e.getMessage().contains("no PNG or JPEG images"), e.getMessage());
  }

  @Test
  void naturalOrder() {
    List<String> names = new ArrayList<>(List.of("frame10.png", "frame2.png", "Frame1.png", "frame002.png",
        "frame1b.png", "a.png", "frame99999999999999999999.png", "frame100000000000000000000.png"));
    names.sort(FrameFolderSource.NATURAL_ORDER);
    assertEquals(List.of("a.png", "Frame1.png", "frame1b.png", "frame002.png", "frame2.png", "frame10.png",
        "frame99999999999999999999.png", "frame100000000000000000000.png"), names);
    assertFalse(FrameFolderSource.NATURAL_ORDER.compare("x01", "x1") == 0, "total order, no ties");
  }
}
