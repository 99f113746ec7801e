package io.semstream.codecs.train;

import io.semstream.codecs.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** The training photographs, held in memory, served as random crops with random flips. */
public final class PhotoSet {
  /** Probability of drawing a crop from each pyramid level (full size, 1/2, 1/4). */
  private static final double[] LEVEL_WEIGHTS = {0.5, 0.3, 0.2};

  private final List<RgbImage> images;
  /** levels.get(i).get(l): image i box-filtered down by 2^l; only levels still at least a crop wide. */
  private final List<List<RgbImage>> levels = new ArrayList<>();

  private PhotoSet(List<RgbImage> images, int crop) {
    this.images = images;
    // Crops from downscaled copies show the network denser content (whole objects in 64 px), as
    // in small video frames and thumbnails, not only Kodak-scale close-ups.
    for (RgbImage img : images) {
      List<RgbImage> pyramid = new ArrayList<>();
      RgbImage level = img;
      for (int l = 0; l < LEVEL_WEIGHTS.length && level.width() >= crop && level.height() >= crop; l++) {
        pyramid.add(level);
        level = halve(level);
      }
      levels.add(pyramid);
    }
  }

  static RgbImage halve(RgbImage s) {
    int w = s.width() / 2, h = s.height() / 2;
    byte[] src = s.rgb();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int a = ((2 * y) * s.width() + 2 * x) * 3 + c;
          int b = a + s.width() * 3;
          int sum = (src[a] & 0xFF) + (src[a + 3] & 0xFF) + (src[b] & 0xFF) + (src[b + 3] & 0xFF);
          out[(y * w + x) * 3 + c] = (byte) ((sum + 2) >> 2);
        }
      }
    }
    return new RgbImage(w, h, out);
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
      RgbImage img = read(f);
      if (img != null && img.width() >= minSide && img.height() >= minSide) {
        images.add(img);
      }
    }
    if (images.isEmpty()) {
      throw new IOException("no PNG/JPEG photos of at least " + minSide + " px in " + dir);
    }
    return new PhotoSet(images, minSide);
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  static RgbImage read(Path f) throws IOException {
    BufferedImage b = ImageIO.read(f.toFile());
    if (b == null) {
      return null;
    }
    int w = b.getWidth(), h = b.getHeight();
    int[] argb = b.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    return new RgbImage(w, h, rgb);
  }

  public int size() {
    return images.size();
  }

  public List<RgbImage> images() {
    return images;
  }

  /** Fills {@code out} (offset by {@code base}) with one random crop as CHW floats in [0,1]. */
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
    boolean flip = rng.nextBoolean();
    int plane = crop * crop;
    byte[] rgb = img.rgb();
    for (int y = 0; y < crop; y++) {
      for (int x = 0; x < crop; x++) {
        int sx = x0 + (flip ? crop - 1 - x : x);
        int src = ((y0 + y) * img.width() + sx) * 3;
        int dst = base + y * crop + x;
        out[dst] = (rgb[src] & 0xFF) / 255f;
        out[dst + plane] = (rgb[src + 1] & 0xFF) / 255f;
        out[dst + 2 * plane] = (rgb[src + 2] & 0xFF) / 255f;
      }
    }
  }
}
