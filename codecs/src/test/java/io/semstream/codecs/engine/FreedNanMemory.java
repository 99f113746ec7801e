package io.semstream.codecs.engine;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Leaves NaN bit patterns in memory the C allocator hands out next, in the calling thread: allocates
 * blocks from 64 KiB to 8 MiB, fills them with quiet NaNs, and frees them, as the receiver's RocksDB
 * writes did between two decodes.
 */
final class FreedNanMemory {
  private static final Unsafe UNSAFE = unsafe();
  private static final int QUIET_NAN = 0x7fc00000;

  private FreedNanMemory() {}

  static void leave() {
    long[] sizes = {64 << 10, 200 << 10, 256 << 10, 1 << 20, 3 << 20, 8 << 20};
    long[] blocks = new long[sizes.length * 4];
    for (int i = 0; i < blocks.length; i++) {
      long size = sizes[i % sizes.length] + 4096L * (i / sizes.length);
      blocks[i] = UNSAFE.allocateMemory(size);
      for (long o = 0; o + 4 <= size; o += 4) {
        UNSAFE.putInt(blocks[i] + o, QUIET_NAN);
      }
    }
    for (long b : blocks) {
      UNSAFE.freeMemory(b);
    }
  }

  private static Unsafe unsafe() {
    try {
      Field f = Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (Unsafe) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
