package io.semstream.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads typed values off a fuzzer's bytes, front to back; past the end every read gives its smallest value, so
 * any input is a complete (if dull) test case. Lets one byte string drive a record field by field: the fuzzer's
 * mutations then land on fields, not only on an encoding.
 */
public final class FuzzInput {
  private final byte[] data;
  private int pos;

  public FuzzInput(byte[] data) {
    this.data = data;
  }

  public boolean exhausted() {
    return pos >= data.length;
  }

  public int nextByte() {
    return pos < data.length ? data[pos++] & 0xFF : 0;
  }

  public boolean nextBoolean() {
    return (nextByte() & 1) == 1;
  }

  public int nextInt() {
    return (nextByte() << 24) | (nextByte() << 16) | (nextByte() << 8) | nextByte();
  }

  public long nextLong() {
    return ((long) nextInt() << 32) | (nextInt() & 0xFFFFFFFFL);
  }

  /** A value in [min, max]. */
  public int nextInt(int min, int max) {
    long span = (long) max - min + 1;
    return (int) (min + Math.floorMod(nextInt(), span));
  }

  /** Any float bit pattern: NaN, infinities and subnormals included. */
  public float nextFloat() {
    return Float.intBitsToFloat(nextInt());
  }

  public double nextDouble() {
    return Double.longBitsToDouble(nextLong());
  }

  /** Up to {@code max} bytes, their count read first. */
  public byte[] nextBytes(int max) {
    int n = Math.min(nextInt(0, max), data.length - Math.min(pos, data.length));
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  public String nextString(int max) {
    return new String(nextBytes(max), StandardCharsets.UTF_8);
  }

  /** One of {@code choices}. */
  @SafeVarargs
  public final <T> T pick(T... choices) {
    return choices[nextInt(0, choices.length - 1)];
  }

  /** Everything not read yet. */
  public byte[] rest() {
    byte[] out = pos < data.length ? Arrays.copyOfRange(data, pos, data.length) : new byte[0];
    pos = data.length;
    return out;
  }
}
