package io.semstream.codecs.explicit;

import io.semstream.codecs.entropy.Cdf;
import io.semstream.codecs.entropy.EntropyCodingException;
import io.semstream.codecs.entropy.RangeDecoder;
import io.semstream.codecs.entropy.RangeEncoder;
import java.util.Arrays;

/**
 * The digital side info of one frame: the quantised hyper-latent ẑ (channel-major, [zChannels][hz·wz])
 * and each patch's rate-level index (raster order over the latent grid), in one range-coded stream:
 * ẑ first, each value under its channel's bottleneck table, then the levels under a flat table.
 *
 * <p>No counts or sizes are stored: both follow from the frame size in the packet. The range decoder's
 * end check catches a stream cut short or run long in most but not all cases (it is not a checksum);
 * a corrupt stream can still decode to wrong values, which then show as a symbol count that does not
 * match the levels, or silently as a wrong picture.
 */
public record SideInfo(int[] zHat, int[] levelIndexes) {

  public SideInfo {
    zHat = zHat.clone();
    levelIndexes = levelIndexes.clone();
  }

  @Override
  public int[] zHat() {
    return zHat.clone();
  }

  @Override
  public int[] levelIndexes() {
    return levelIndexes.clone();
  }

  /** The flat table for level indexes: no prior knowledge of which level a patch gets. */
  public static Cdf levelTable(int levels) {
    return Cdf.uniform(levels);
  }

  /** The most bits {@link #levelTable} spends on one index. */
  public static double maxLevelBits(Cdf levelTable) {
    double max = 0;
    for (int s = 0; s < levelTable.size(); s++) {
      max = Math.max(max, levelTable.bits(s));
    }
    return max;
  }

  public byte[] encode(Cdf[] zTables, Cdf levelTable) {
    int positions = zPositions(zHat.length, zTables.length);
    RangeEncoder enc = new RangeEncoder(zHat.length + levelIndexes.length);
    for (int i = 0; i < zHat.length; i++) {
      enc.encodeInteger(zHat[i], zTables[i / positions]);
    }
    for (int k : levelIndexes) {
      enc.encodeInteger(k, levelTable);
    }
    return enc.finish();
  }

  /**
   * Reads what {@link #encode} wrote for a frame with {@code zCount} hyper-latent values and
   * {@code patches} patches.
   *
   * @throws EntropyCodingException if the bytes are not such a stream
   */
  public static SideInfo decode(byte[] bytes, Cdf[] zTables, int zCount, int patches, Cdf levelTable) {
    int positions = zPositions(zCount, zTables.length);
    RangeDecoder dec = new RangeDecoder(bytes);
    int[] z = new int[zCount];
    for (int i = 0; i < zCount; i++) {
      long v = dec.decodeInteger(zTables[i / positions]);
      if (v != (int) v) {
        throw new EntropyCodingException("decoded hyper-latent " + v + " does not fit an int");
      }
      z[i] = (int) v;
    }
    int[] levels = new int[patches];
    for (int p = 0; p < patches; p++) {
      levels[p] = (int) dec.decodeInteger(levelTable);
    }
    dec.finish();
    return new SideInfo(z, levels);
  }

  private static int zPositions(int zCount, int channels) {
    if (channels == 0 || zCount % channels != 0) {
      throw new IllegalArgumentException(zCount + " hyper-latent values for " + channels + " channels");
    }
    return zCount / channels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SideInfo s && Arrays.equals(zHat, s.zHat) && Arrays.equals(levelIndexes, s.levelIndexes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(zHat) + Arrays.hashCode(levelIndexes);
  }

  @Override
  public String toString() {
    return "SideInfo[z=" + zHat.length + " values, levels=" + Arrays.toString(levelIndexes) + "]";
  }
}
