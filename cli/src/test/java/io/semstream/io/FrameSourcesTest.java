package io.semstream.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSourcesTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  static byte[] twoFrames() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Y4mWriter w = new Y4mWriter(out)) {
      w.write(FrameFolderSourceTest.solid(6, 4, 200, 100, 50));
      w.write(FrameFolderSourceTest.solid(6, 4, 50, 100, 200));
    }
    return out.toByteArray();
  }

  @Test
  void dashReadsY4mFromStandardInput() throws IOException {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(twoFrames()));
      try (FrameSource src = FrameSources.open("-", QUIET)) {
        assertInstanceOf(Y4mSource.class, src);
        assertTrue(src.totalFrames().isEmpty(), "a pipe has no known length");
        assertTrue(src.describe().contains("standard input"), src.describe());
        RgbImage first = src.next();
        assertTrue(Math.abs(first.get(0, 0, 0) - 200) <= 3);
        assertTrue(src.hasNext());
        src.next();
        assertFalse(src.hasNext());
      }
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void picksByKind(@TempDir Path dir) throws IOException {
    Path y4m = dir.resolve("clip.Y4M");
    Files.write(y4m, twoFrames());
    try (FrameSource src = FrameSources.open(y4m.toString(), QUIET)) {
      assertInstanceOf(Y4mSource.class, src);
      assertEquals(2, src.totalFrames().getAsInt());
      assertEquals(25.0, src.frameRate().getAsDouble(), 1e-9);
      assertTrue(src.describe().contains("6x4") && src.describe().contains("2 frames"), src.describe());
    }

    Path folder = Files.createDirectory(dir.resolve("frames"));
    ImageFiles.writePng(FrameFolderSourceTest.solid(3, 3, 1, 2, 3), folder.resolve("a.png"));
    try (FrameSource src = FrameSources.open(folder.toString(), QUIET)) {
      assertInstanceOf(FrameFolderSource.class, src);
      assertEquals(3, src.next().width());
    }
  }

  @Test
  void anythingElseSaysWhatIsAccepted(@TempDir Path dir) throws IOException {
    Path mp4 = dir.resolve("clip.mp4");
    Files.writeString(mp4, "not really");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameSources.open(mp4.toString(), QUIET));
    assertTrue(e.getMessage().contains(".y4m") && e.getMessage().contains("folder")
        && e.getMessage().contains("ffmpeg"), e.getMessage());

    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> FrameSources.open(dir.resolve("nope.y4m").toString(), QUIET));
    assertTrue(missing.getMessage().startsWith("no such file or folder"), missing.getMessage());
  }

  @Test
  void unsupportedY4mIsReportedAtOpen(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x.y4m");
    Files.writeString(f, "YUV4MPEG2 W2 H2 C422\nFRAME\n12345678");
    FrameSourceException e = assertThrows(FrameSourceException.class, () -> FrameSources.open(f.toString(), QUIET));
    assertTrue(e.getMessage().contains("C422"), e.getMessage());
  }
}
