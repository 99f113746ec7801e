package io.semstream.codecs.implicit;

import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.image.RgbImage;

/**
 * A picture cut into square patches of {@link #SIDE} pixels, each one instance of the frame field. A picture
 * whose sides are not multiples of the patch is mirrored out to the next multiple at the transmitter (the
 * field then fits a smooth continuation, not a hard edge) and cropped back at the receiver. Values are on the
 * field's scale: 8-bit levels mapped to [−1, 1].
 */
public record PatchGrid(int width, int height) {
  public static final int SIDE = 16;

  public PatchGrid {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("a picture of " + width + "x" + height + " has no patches");
    }
  }

  public int across() {
    return (width + SIDE - 1) / SIDE;
  }

  public int down() {
    return (height + SIDE - 1) / SIDE;
  }

  public int patches() {
    return across() * down();
  }

  /** The patches' values, [patches × SIDE² × 3] row-major (patch, y, x, colour), in [−1, 1]. */
  public float[] values(RgbImage image) {
    RgbImage padded = image.padToMultiple(SIDE);
    byte[] rgb = padded.rgb();
    int pw = padded.width(), points = SIDE * SIDE;
    float[] out = new float[patches() * points * 3];
    for (int py = 0; py < down(); py++) {
      for (int px = 0; px < across(); px++) {
        int base = (py * across() + px) * points * 3;
        for (int y = 0; y < SIDE; y++) {
          int row = ((py * SIDE + y) * pw + px * SIDE) * 3;
          for (int i = 0; i < SIDE * 3; i++) {
            out[base + y * SIDE * 3 + i] = (rgb[row + i] & 0xff) / 127.5f - 1f;
          }
        }
      }
    }
    return out;
  }

  /**
   * The picture from rendered patches of q×q points each ([patches × q² × 3], on the field's scale): the whole
   * grid at q/SIDE times the size, cropped to the picture's own sides at that scale.
   */
  public RgbImage picture(float[] rendered, int q) {
    NonFiniteOutputException.requireFinite(rendered, "the implicit frame decoder");
    if (rendered.length != (long) patches() * q * q * 3) {
      throw new IllegalArgumentException(rendered.length + " rendered values for " + patches() + " patches of " + q
          + "x" + q);
    }
    int w = scaled(width, q), h = scaled(height, q);
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      int py = y / q, iy = y % q;
      for (int x = 0; x < w; x++) {
        int px = x / q, ix = x % q;
        int from = (((py * across() + px) * q + iy) * q + ix) * 3;
        for (int c = 0; c < 3; c++) {
          long level = Math.round((rendered[from + c] + 1f) * 127.5f);
          rgb[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, level));
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  /** A side of the picture rendered at q points a patch: at least one pixel. */
  static int scaled(int side, int q) {
    return Math.max(1, (int) Math.round((double) side * q / SIDE));
  }
}
