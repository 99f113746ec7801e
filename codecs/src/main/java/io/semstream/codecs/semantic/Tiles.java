package io.semstream.codecs.semantic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.layers.Tensors;

/**
 * A frame as 256×256 tiles: mirror-padded to a multiple of the tile, cut in raster order; and the way back
 * from decoded tiles to a frame of the original size.
 */
final class Tiles {
  private static final int TILE = SemanticNetwork.TILE;
  private final int width;
  private final int height;
  private final int cols;
  private final int rows;
  private final RgbImage padded;

  private Tiles(int width, int height, RgbImage padded) {
    this.width = width;
    this.height = height;
    this.cols = (width + TILE - 1) / TILE;
    this.rows = (height + TILE - 1) / TILE;
    this.padded = padded;
  }

  static Tiles of(RgbImage image) {
    return new Tiles(image.width(), image.height(), image.padToMultiple(TILE));
  }

  /** The layout of a frame of this size, for the receiver (no pixels). */
  static Tiles shape(int width, int height) {
    return new Tiles(width, height, null);
  }

  int count() {
    return rows * cols;
  }

  /** [tiles, 3, 256, 256] in [0, 1]. */
  NDArray tensor(NDManager scope) {
    int plane = TILE * TILE;
    float[] all = new float[count() * 3 * plane];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        float[] chw = Tensors.toChw(padded.crop(c * TILE, r * TILE, TILE, TILE));
        System.arraycopy(chw, 0, all, (r * cols + c) * 3 * plane, chw.length);
      }
    }
    return scope.create(all, new Shape(count(), 3, TILE, TILE));
  }

  /** Decoded tiles [tiles, 3, 256, 256] (finite) → the frame, clamped to [0, 1], rounded to 8 bits, cropped. */
  RgbImage assemble(float[] tiles) {
    int plane = TILE * TILE;
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int tile = (y / TILE) * cols + x / TILE;
        int within = (y % TILE) * TILE + x % TILE;
        for (int ch = 0; ch < 3; ch++) {
          float f = tiles[(tile * 3 + ch) * plane + within] * 255f + 0.5f;
          rgb[(y * width + x) * 3 + ch] = (byte) (f <= 0 ? 0 : f >= 255 ? 255 : (int) f);
        }
      }
    }
    return new RgbImage(width, height, rgb);
  }
}
