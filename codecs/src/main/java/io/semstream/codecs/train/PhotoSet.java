package io.semstream.codecs.train;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** The training photographs, held in memory, served as random crops with random flips. */
public final class PhotoSet implements TrainingImages {
  /** Probability of drawing a crop from each pyramid level (full size, 1/2, 1/4). */
  private static final double[] LEVEL_WEIGHTS = {0.5, 0.3, 0.2};

  private final List<RgbImage> images;
  private final Path dir;
  /** levels.get(i).get(l): image i box-filtered down by 2^l; only levels still at least a crop wide. */
  private final List<List<RgbImage>> levels = new ArrayList<>();

  private PhotoSet(Path dir, List<RgbImage> images, int crop) {
    this.dir = dir;
    this.images = images;
    // Crops from downscaled copies show the network denser content (whole objects in 64 px), as
    // in small video frames and thumbnails, not only Kodak-scale close-ups.
    for (RgbImage img : images) {
      List<RgbImage> pyramid = new ArrayList<>();
      RgbImage level = img;
      for (int l = 0; l < LEVEL_WEIGHTS.length && level.width() >= crop && level.height() >= crop; l++) {
        pyramid.add(level);
        level = level.halfSize();
      }
      levels.add(pyramid);
    }
  }

  public static PhotoSet load(Path dir, int minSide) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("photo folder " + dir + " does not exist; run scripts/extract-photos.sh first");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).filter(PhotoSet::isImage).sorted().toList();
    }
    List<RgbImage> images = new ArrayList<>();
    for (Path f : files) {
      RgbImage img;
      try {
        img = ImageFiles.read(f);
      } catch (IllegalArgumentException notAnImage) {
        continue;
      }
      if (img.width() >= minSide && img.height() >= minSide) {
        images.add(img);
      }
    }
    if (images.isEmpty()) {
      throw new IOException("no PNG/JPEG photos of at least " + minSide + " px in " + dir);
    }
    return new PhotoSet(dir, images, minSide);
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  public int size() {
    return images.size();
  }

  public List<RgbImage> images() {
    return images;
  }

  /**
   * A random w×h window of a random photo, at a random pyramid level (one the window fits), flipped
   * half the time; null when no level of the chosen photo is that large.
   */
  public RgbImage randomWindow(SplittableRandom rng, int w, int h) {
    List<RgbImage> pyramid = levels.get(rng.nextInt(levels.size()));
    List<RgbImage> fitting = pyramid.stream().filter(l -> l.width() >= w && l.height() >= h).toList();
    if (fitting.isEmpty()) {
      return null;
    }
    RgbImage img = fitting.get(rng.nextInt(fitting.size()));
    int x0 = rng.nextInt(img.width() - w + 1);
    int y0 = rng.nextInt(img.height() - h + 1);
    boolean flip = rng.nextBoolean();
    byte[] src = img.rgb();
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sx = x0 + (flip ? w - 1 - x : x);
        System.arraycopy(src, ((y0 + y) * img.width() + sx) * 3, rgb, (y * w + x) * 3, 3);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  @Override
  public String describe() {
    return images.size() + " training photos from " + dir;
  }

  @Override
  public void randomCrop(SplittableRandom rng, int crop, float[] out, int base) {
    List<RgbImage> pyramid = levels.get(rng.nextInt(levels.size()));
    double u = rng.nextDouble();
    int level = 0;
    while (level + 1 < pyramid.size() && u > LEVEL_WEIGHTS[level]) {
      u -= LEVEL_WEIGHTS[level];
      level++;
    }
    RgbImage img = pyramid.get(level);
    int x0 = rng.nextInt(img.width() - crop + 1);
    int y0 = rng.nextInt(img.height() - crop + 1);
    TrainingImages.copyWindow(img, x0, y0, crop, rng.nextBoolean(), out, base);
  }
}
