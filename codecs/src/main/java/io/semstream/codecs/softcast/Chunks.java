package io.semstream.codecs.softcast;

/**
 * The frequency domain of a frame cut into chunks: each component's DCT plane into SIDE×SIDE rectangles
 * (smaller at the right and bottom edges of sizes that are not multiples), numbered component by
 * component, row by row. A chunk is the unit SoftCast selects, scales and describes in the side info.
 */
final class Chunks {
  static final int SIDE = 16;

  final int width;
  final int height;
  final int rows;
  final int cols;

  Chunks(int width, int height) {
    this.width = width;
    this.height = height;
    this.rows = (height + SIDE - 1) / SIDE;
    this.cols = (width + SIDE - 1) / SIDE;
  }

  int count() {
    return 3 * rows * cols;
  }

  int component(int chunk) {
    return chunk / (rows * cols);
  }

  int row(int chunk) {
    return chunk % (rows * cols) / cols;
  }

  int col(int chunk) {
    return chunk % cols;
  }

  int y0(int chunk) {
    return row(chunk) * SIDE;
  }

  int x0(int chunk) {
    return col(chunk) * SIDE;
  }

  int chunkHeight(int chunk) {
    return Math.min(SIDE, height - y0(chunk));
  }

  int chunkWidth(int chunk) {
    return Math.min(SIDE, width - x0(chunk));
  }

  /** Coefficients in the chunk. */
  int size(int chunk) {
    return chunkHeight(chunk) * chunkWidth(chunk);
  }

  /** Complex symbols that carry it: two coefficients a symbol, an odd one out with a zero beside it. */
  int symbols(int chunk) {
    return (size(chunk) + 1) / 2;
  }

  /**
   * The context its selection bit is coded in: the component and how far the chunk lies from the DC
   * corner, so low and high frequencies keep their own statistics.
   */
  int band(int chunk) {
    return component(chunk) * BANDS + Math.min(BANDS - 1, Math.max(row(chunk), col(chunk)));
  }

  static final int BANDS = 16;
}
