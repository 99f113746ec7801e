package io.semstream.io;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The PNG and JPEG files of one folder (not its subfolders), as frames in natural name order:
 * {@code frame2.png} before {@code frame10.png}, so numbered exports without zero padding play in
 * the right order.
 *
 * <p>Files are recognised by content, not extension. Files that are not PNG/JPEG at all are
 * reported on {@code warnings} when the folder is opened; images that fail to decode are reported
 * when reached. Either way the file is skipped and the remaining frames are still delivered. Hidden
 * files (".DS_Store" and the like) are ignored silently.
 */
public final class FrameFolderSource implements FrameSource {
  private final Path dir;
  private final PrintStream warnings;
  private final List<Path> images;
  private int nextIndex;
  private RgbImage pending;
  private int delivered;
  private int skipped;

  /**
   * @throws IllegalArgumentException when the folder holds no PNG or JPEG file
   */
  public FrameFolderSource(Path dir, PrintStream warnings) throws IOException {
    this.dir = dir;
    this.warnings = warnings;
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(p -> p.getFileName().toString(), NATURAL_ORDER))
          .toList();
    }
    images = new ArrayList<>(files.size());
    for (Path f : files) {
      if (ImageFiles.sniff(head(f)) != null) {
        images.add(f);
      } else {
        warn(f, "not a PNG or JPEG image");
      }
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no PNG or JPEG images in folder " + dir);
    }
  }

  private static byte[] head(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      return in.readNBytes(8);
    }
  }

  private void warn(Path f, String why) {
    skipped++;
    if (warnings != null) {
      warnings.println("warning: skipping " + f.getFileName() + ": " + why);
    }
  }

  @Override
  public boolean hasNext() {
    while (pending == null && nextIndex < images.size()) {
      Path f = images.get(nextIndex++);
      try {
        pending = ImageFiles.decode(Files.readAllBytes(f));
      } catch (IllegalArgumentException e) {
        warn(f, e.getMessage());
      } catch (IOException e) {
        warn(f, "cannot read: " + e.getMessage());
      }
    }
    return pending != null;
  }

  @Override
  public RgbImage next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more images in " + dir);
    }
    RgbImage f = pending;
    pending = null;
    delivered++;
    return f;
  }

  /** Files that look like images; corrupt ones found while reading make the real count smaller. */
  @Override
  public OptionalInt totalFrames() {
    return OptionalInt.of(images.size());
  }

  /** Files skipped so far, with a warning each. */
  public int skipped() {
    return skipped;
  }

  public int delivered() {
    return delivered;
  }

  @Override
  public String describe() {
    return "folder " + dir + ": " + images.size() + (images.size() == 1 ? " image" : " images");
  }

  @Override
  public void close() {
    pending = null;
    nextIndex = images.size();
  }

  /**
   * Compares names piecewise: digit runs by numeric value, other runs case-insensitively; names
   * equal under those rules ("a01" and "a1") fall back to plain string order so the sort is total.
   */
  public static final Comparator<String> NATURAL_ORDER = FrameFolderSource::compareNatural;

  private static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && isDigit(b.charAt(j))) {
          j++;
        }
        // Compare without leading zeros by length, then digit by digit: no overflow on long runs.
        int za = si;
        while (za < i - 1 && a.charAt(za) == '0') {
          za++;
        }
        int zb = sj;
        while (zb < j - 1 && b.charAt(zb) == '0') {
          zb++;
        }
        int la = i - za;
        int lb = j - zb;
        if (la != lb) {
          return Integer.compare(la, lb);
        }
        for (int k = 0; k < la; k++) {
          int d = Character.compare(a.charAt(za + k), b.charAt(zb + k));
          if (d != 0) {
            return d;
          }
        }
      } else {
        int d = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
        if (d != 0) {
          return d;
        }
        i++;
        j++;
      }
    }
    int rest = Integer.compare(a.length() - i, b.length() - j);
    return rest != 0 ? rest : a.compareTo(b);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
