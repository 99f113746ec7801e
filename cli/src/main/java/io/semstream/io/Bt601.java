package io.semstream.io;

/**
 * BT.601 Y'CbCr ↔ R'G'B' in 16.16 fixed point, through per-level lookup tables.
 *
 * <p>BT.601 rather than BT.709 because that is what ffmpeg's swscale assumes for YUV without
 * colour tags, which is how almost all Y4M arrives; a mismatch would tint every frame slightly.
 * "Limited" is studio swing (Y 16..235, Cb/Cr 16..240), the default for video; "full" is 0..255
 * as in JPEG.
 */
final class Bt601 {
  private static final double KR = 0.299;
  private static final double KB = 0.114;
  private static final double KG = 1 - KR - KB;
  private static final int ONE = 1 << 16;
  private static final int HALF = 1 << 15;

  static final Bt601 LIMITED = new Bt601(false);
  static final Bt601 FULL = new Bt601(true);

  final boolean full;
  // YCbCr -> RGB, each indexed by an 8-bit level.
  private final int[] yTerm = new int[256];
  private final int[] crToR = new int[256];
  private final int[] cbToG = new int[256];
  private final int[] crToG = new int[256];
  private final int[] cbToB = new int[256];
  // RGB -> YCbCr, each indexed by an 8-bit level; sums carry the offsets.
  private final int[][] toY = new int[3][256];
  private final int[][] toCb = new int[3][256];
  private final int[][] toCr = new int[3][256];
  private final int yOffset;

  private Bt601(boolean full) {
    this.full = full;
    double yScale = full ? 1.0 : 219.0 / 255.0;
    double cScale = full ? 1.0 : 224.0 / 255.0;
    yOffset = full ? 0 : 16;
    for (int v = 0; v < 256; v++) {
      double y = (v - yOffset) / yScale;
      double c = (v - 128) / cScale;
      yTerm[v] = fix(y);
      crToR[v] = fix(2 * (1 - KR) * c);
      cbToG[v] = fix(-2 * (1 - KB) * KB / KG * c);
      crToG[v] = fix(-2 * (1 - KR) * KR / KG * c);
      cbToB[v] = fix(2 * (1 - KB) * c);

      toY[0][v] = fix(KR * yScale * v);
      toY[1][v] = fix(KG * yScale * v);
      toY[2][v] = fix(KB * yScale * v);
      // Cb = (B - Y) / (2(1 - KB)), Cr = (R - Y) / (2(1 - KR)), Y being the unscaled luma.
      toCb[0][v] = fix(-KR / (2 * (1 - KB)) * cScale * v);
      toCb[1][v] = fix(-KG / (2 * (1 - KB)) * cScale * v);
      toCb[2][v] = fix((1 - KB) / (2 * (1 - KB)) * cScale * v);
      toCr[0][v] = fix((1 - KR) / (2 * (1 - KR)) * cScale * v);
      toCr[1][v] = fix(-KG / (2 * (1 - KR)) * cScale * v);
      toCr[2][v] = fix(-KB / (2 * (1 - KR)) * cScale * v);
    }
  }

  private static int fix(double v) {
    return (int) Math.round(v * ONE);
  }

  private static byte clamp(int fixed) {
    int v = (fixed + HALF) >> 16;
    return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
  }

  /** Writes pixel {@code i} of {@code rgb} from one luma and two chroma levels. */
  void toRgb(int y, int cb, int cr, byte[] rgb, int i) {
    int l = yTerm[y];
    rgb[i] = clamp(l + crToR[cr]);
    rgb[i + 1] = clamp(l + cbToG[cb] + crToG[cr]);
    rgb[i + 2] = clamp(l + cbToB[cb]);
  }

  /** Luma level for an RGB pixel, rounded. */
  int luma(int r, int g, int b) {
    return clampInt(((toY[0][r] + toY[1][g] + toY[2][b] + HALF) >> 16) + yOffset);
  }

  /** Cb in 16.16 fixed point, centred on 0 (add 128 after averaging and rounding). */
  int cbFixed(int r, int g, int b) {
    return toCb[0][r] + toCb[1][g] + toCb[2][b];
  }

  int crFixed(int r, int g, int b) {
    return toCr[0][r] + toCr[1][g] + toCr[2][b];
  }

  /** Chroma level from a (possibly averaged) centred fixed-point value. */
  static int chromaLevel(long fixedCentred) {
    return clampInt((int) ((fixedCentred + HALF) >> 16) + 128);
  }

  private static int clampInt(int v) {
    return v < 0 ? 0 : v > 255 ? 255 : v;
  }
}
