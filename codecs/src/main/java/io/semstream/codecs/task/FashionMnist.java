package io.semstream.codecs.task;

import io.semstream.codecs.image.RgbImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Zalando, 70k 28×28 grey images of 10 clothing classes) as the Debian package
 * {@code dataset-fashion-mnist} installs it, and the frames the project makes of it: each item scaled
 * bilinearly to {@link #FRAME}×{@link #FRAME}, grey in all three channels, one semantic-codec tile.
 */
public final class FashionMnist {
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  /** Overrides {@link #DEFAULT_DIR}. */
  public static final String DIR_PROPERTY = "semstream.fashionMnist.dir";
  public static final int SIDE = 28;
  public static final int FRAME = 256;
  public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
      "Sneaker", "Bag", "Ankle boot"};

  /** One item: 28×28 grey bytes, row-major, and its class. */
  public record Item(String name, byte[] pixels, int label) {}

  public enum Split {
    TRAIN("train"), TEST("t10k");
    final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }
  }

  private FashionMnist() {}

  public static Path dir() {
    String p = System.getProperty(DIR_PROPERTY);
    return p != null ? Path.of(p) : DEFAULT_DIR;
  }

  /** Why the data set cannot be read here, or empty when it can. */
  public static Optional<String> unavailable() {
    for (Split s : Split.values()) {
      if (!Files.isReadable(images(s)) || !Files.isReadable(labels(s))) {
        return Optional.of("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist; looked in "
            + dir() + ")");
      }
    }
    return Optional.empty();
  }

  /** The first {@code limit} items of a split (all with limit ≤ 0). */
  public static List<Item> read(Split split, int limit) throws IOException {
    unavailable().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    try (DataInputStream img = open(images(split)); DataInputStream lab = open(labels(split))) {
      if (img.readInt() != 0x803 || lab.readInt() != 0x801) {
        throw new IOException("not IDX image and label files: " + images(split) + ", " + labels(split));
      }
      int n = img.readInt();
      if (lab.readInt() != n || img.readInt() != SIDE || img.readInt() != SIDE) {
        throw new IOException("Fashion-MNIST files of " + split + " disagree on their item count or size");
      }
      int count = limit > 0 ? Math.min(limit, n) : n;
      List<Item> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] pixels = img.readNBytes(SIDE * SIDE);
        int label = lab.readUnsignedByte();
        if (pixels.length != SIDE * SIDE || label >= CLASSES.length) {
          throw new IOException("Fashion-MNIST " + split + " item " + i + " is truncated or mislabelled");
        }
        items.add(new Item(String.format("fmnist-%s-%05d", split.prefix, i), pixels, label));
      }
      return items;
    }
  }

  /** The item as a frame: bilinear to 256×256 (pixel centres aligned), grey in R, G and B. */
  public static RgbImage frame(Item item) {
    byte[] rgb = new byte[FRAME * FRAME * 3];
    double scale = SIDE / (double) FRAME;
    for (int y = 0; y < FRAME; y++) {
      double sy = Math.max(0, Math.min(SIDE - 1, (y + 0.5) * scale - 0.5));
      int y0 = (int) sy, y1 = Math.min(SIDE - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < FRAME; x++) {
        double sx = Math.max(0, Math.min(SIDE - 1, (x + 0.5) * scale - 0.5));
        int x0 = (int) sx, x1 = Math.min(SIDE - 1, x0 + 1);
        double fx = sx - x0;
        double v = (1 - fy) * ((1 - fx) * px(item, x0, y0) + fx * px(item, x1, y0))
            + fy * ((1 - fx) * px(item, x0, y1) + fx * px(item, x1, y1));
        byte b = (byte) Math.round(v);
        int o = (y * FRAME + x) * 3;
        rgb[o] = b;
        rgb[o + 1] = b;
        rgb[o + 2] = b;
      }
    }
    return new RgbImage(FRAME, FRAME, rgb);
  }

  private static int px(Item item, int x, int y) {
    return item.pixels()[y * SIDE + x] & 0xFF;
  }

  private static Path images(Split s) {
    return dir().resolve(s.prefix + "-images-idx3-ubyte.gz");
  }

  private static Path labels(Split s) {
    return dir().resolve(s.prefix + "-labels-idx1-ubyte.gz");
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream in = Files.newInputStream(p);
    return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(in, 1 << 16)));
  }
}
