package io.semstream.codecs.explicit;

import io.semstream.codecs.entropy.Cdf;
import io.semstream.codecs.entropy.EntropyCodingException;
import io.semstream.codecs.entropy.RangeDecoder;
import io.semstream.codecs.entropy.RangeEncoder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The digital side info of one frame: the quantised hyper-latent ẑ (channel-major, [zChannels][hz·wz])
 * and each patch's rate-level index (raster order over the latent grid), in one range-coded stream:
 * one flag bit saying whether ẑ follows (a ẑ of all zeros is not sent: see {@link #hyperLatentSent}),
 * ẑ, each value under its channel's bottleneck table, then one flag bit and the levels, either
 * under a flat table (flag 0) or (flag 1) under the frame's own level histogram, sent first as counts.
 * The encoder takes whichever is shorter: at low SNR a side-info bit costs several channel uses, and
 * a frame's levels are far from uniform (most patches share two or three levels), so the histogram
 * usually halves their cost; the flat table remains the worst case the symbol budget is planned for.
 *
 * <p>No counts or sizes are stored: both follow from the frame size in the packet. The stream ends in a
 * {@link #CHECK_BITS}-bit check (the low bits of its CRC-32): the range decoder's own end check let
 * about one cut stream in eight through, and a side info that decodes wrongly puts every symbol of the
 * frame in the wrong place.
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

  /**
   * An upper bound on the bits of the level part of a frame of {@code patches} patches, flag included:
   * the flat table's cost, which the encoder never exceeds.
   */
  public static double maxLevelPartBits(Cdf levelTable, int patches) {
    return 1 + patches * maxLevelBits(levelTable);
  }

  /** The most bits {@link #levelTable} spends on one index. */
  public static double maxLevelBits(Cdf levelTable) {
    double max = 0;
    for (int s = 0; s < levelTable.size(); s++) {
      max = Math.max(max, levelTable.bits(s));
    }
    return max;
  }

  /** Bits of the check that ends every side-info stream; the symbol budget reserves them. */
  public static final int CHECK_BITS = 16;

  private static int check(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return (int) (crc.getValue() & 0xFFFF);
  }

  /**
   * Whether the stream carries ẑ. A ẑ of all zeros stands for "no hyper-latent": the transmitter leaves
   * ẑ out when it would take more than its share of the frame
   * ({@link ExplicitCodec#HYPER_LATENT_MAX_SHARE}), and both ends then take h_s of zeros as the scales,
   * so one bit replaces what would be thousands.
   */
  public boolean hyperLatentSent() {
    for (int v : zHat) {
      if (v != 0) {
        return true;
      }
    }
    return false;
  }

  public byte[] encode(Cdf[] zTables, Cdf levelTable) {
    int positions = zPositions(zHat.length, zTables.length);
    RangeEncoder enc = new RangeEncoder(zHat.length + levelIndexes.length);
    boolean sent = hyperLatentSent();
    enc.encodeBits(sent ? 1 : 0, 1);
    for (int i = 0; sent && i < zHat.length; i++) {
      enc.encodeInteger(zHat[i], zTables[i / positions]);
    }
    int[] counts = histogram(levelIndexes, levelTable.size());
    Cdf fitted = fitted(counts, levelTable.size());
    double flatBits = 0, fittedBits = countBits(levelIndexes.length) * (counts.length - 1);
    for (int k : levelIndexes) {
      flatBits += levelTable.bits(k);
      fittedBits += fitted.bits(k);
    }
    boolean useFitted = fittedBits < flatBits;
    enc.encodeBits(useFitted ? 1 : 0, 1);
    if (useFitted) {
      writeCounts(enc, counts, levelIndexes.length);
    }
    Cdf table = useFitted ? fitted : levelTable;
    for (int k : levelIndexes) {
      enc.encodeInteger(k, table);
    }
    byte[] coded = enc.finish();
    byte[] out = Arrays.copyOf(coded, coded.length + CHECK_BITS / 8);
    int check = check(coded, coded.length);
    out[coded.length] = (byte) (check >>> 8);
    out[coded.length + 1] = (byte) check;
    return out;
  }

  /**
   * Reads what {@link #encode} wrote for a frame with {@code zCount} hyper-latent values and
   * {@code patches} patches.
   *
   * @throws EntropyCodingException if the bytes are not such a stream
   */
  public static SideInfo decode(byte[] bytes, Cdf[] zTables, int zCount, int patches, Cdf levelTable) {
    int coded = bytes.length - CHECK_BITS / 8;
    if (coded < 0) {
      throw new EntropyCodingException("side info of " + bytes.length + " bytes is shorter than its check");
    }
    int expected = ((bytes[coded] & 0xFF) << 8) | (bytes[coded + 1] & 0xFF);
    if (check(bytes, coded) != expected) {
      throw new EntropyCodingException("side info fails its check: cut, padded or damaged");
    }
    int positions = zPositions(zCount, zTables.length);
    RangeDecoder dec = new RangeDecoder(Arrays.copyOf(bytes, coded));
    int[] z = new int[zCount];
    boolean sent = dec.decodeBits(1) == 1;
    for (int i = 0; sent && i < zCount; i++) {
      long v = dec.decodeInteger(zTables[i / positions]);
      if (v != (int) v) {
        throw new EntropyCodingException("decoded hyper-latent " + v + " does not fit an int");
      }
      z[i] = (int) v;
    }
    Cdf table = levelTable;
    if (dec.decodeBits(1) == 1) {
      table = fitted(readCounts(dec, levelTable.size(), patches), levelTable.size());
    }
    int[] levels = new int[patches];
    for (int p = 0; p < patches; p++) {
      levels[p] = (int) dec.decodeInteger(table);
    }
    dec.finish();
    return new SideInfo(z, levels);
  }

  private static int[] histogram(int[] levelIndexes, int size) {
    int[] counts = new int[size];
    for (int k : levelIndexes) {
      if (k < 0 || k >= size) {
        throw new IllegalArgumentException("level index " + k + " outside 0.." + (size - 1));
      }
      counts[k]++;
    }
    return counts;
  }

  /** The table both ends build from the same counts (pure Java arithmetic, so bit-identical). */
  private static Cdf fitted(int[] counts, int size) {
    double[] p = new double[size];
    for (int i = 0; i < size; i++) {
      p[i] = counts[i];
    }
    return Cdf.fromProbabilities(p);
  }

  /** Bits of one count: enough for any count up to the number of patches. */
  private static int countBits(int patches) {
    return 32 - Integer.numberOfLeadingZeros(patches);
  }

  /** All counts but the last, which follows from the number of patches. */
  private static void writeCounts(RangeEncoder enc, int[] counts, int patches) {
    int nbits = countBits(patches);
    for (int i = 0; i < counts.length - 1; i++) {
      enc.encodeLongBits(counts[i], nbits);
    }
  }

  private static int[] readCounts(RangeDecoder dec, int size, int patches) {
    int nbits = countBits(patches);
    int[] counts = new int[size];
    long sum = 0;
    for (int i = 0; i < size - 1; i++) {
      counts[i] = (int) dec.decodeLongBits(nbits);
      sum += counts[i];
    }
    if (sum > patches) {
      throw new EntropyCodingException("level histogram counts " + sum + " patches of " + patches);
    }
    counts[size - 1] = (int) (patches - sum);
    return counts;
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
