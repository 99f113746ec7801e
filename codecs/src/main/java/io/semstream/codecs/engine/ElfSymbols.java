package io.semstream.codecs.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Reads the dynamic symbol table of a 64-bit little-endian ELF shared library: the link-time address
 * of an exported symbol, which plus the library's load bias is its address in this process.
 */
final class ElfSymbols {
  private static final int SHT_DYNSYM = 11;
  private static final int PT_LOAD = 1;
  private static final int SYMBOL_SIZE = 24;

  private final ByteBuffer elf;

  private ElfSymbols(ByteBuffer elf) {
    this.elf = elf;
  }

  static ElfSymbols read(Path library) throws IOException {
    try (FileChannel ch = FileChannel.open(library, StandardOpenOption.READ)) {
      ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
      if (b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
        throw new IOException(library + " is not a 64-bit little-endian ELF file");
      }
      return new ElfSymbols(b);
    }
  }

  /** The virtual address the first loadable segment asks for (0 for ordinary shared libraries). */
  long firstLoadAddress() {
    long phoff = elf.getLong(0x20);
    int phentsize = elf.getShort(0x36) & 0xFFFF;
    int phnum = elf.getShort(0x38) & 0xFFFF;
    for (int i = 0; i < phnum; i++) {
      int p = (int) (phoff + (long) i * phentsize);
      if (elf.getInt(p) == PT_LOAD) {
        return elf.getLong(p + 8 + 8) - elf.getLong(p + 8); // p_vaddr − p_offset
      }
    }
    throw new IllegalStateException("no loadable segment");
  }

  /** Link-time value and size of a defined dynamic symbol, if the library exports it. */
  OptionalLong address(String name, long expectedSize) {
    long shoff = elf.getLong(0x28);
    int shentsize = elf.getShort(0x3A) & 0xFFFF;
    int shnum = elf.getShort(0x3C) & 0xFFFF;
    byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < shnum; i++) {
      int sh = (int) (shoff + (long) i * shentsize);
      if (elf.getInt(sh + 4) != SHT_DYNSYM) {
        continue;
      }
      long symOffset = elf.getLong(sh + 24);
      long symSize = elf.getLong(sh + 32);
      int strSection = (int) (shoff + (long) elf.getInt(sh + 40) * shentsize);
      long strOffset = elf.getLong(strSection + 24);
      for (long s = symOffset; s + SYMBOL_SIZE <= symOffset + symSize; s += SYMBOL_SIZE) {
        int at = (int) s;
        int shndx = elf.getShort(at + 6) & 0xFFFF;
        if (shndx != 0 && elf.getLong(at + 16) == expectedSize
            && nameEquals(strOffset + (elf.getInt(at) & 0xFFFFFFFFL), wanted)) {
          return OptionalLong.of(elf.getLong(at + 8));
        }
      }
    }
    return OptionalLong.empty();
  }

  private boolean nameEquals(long offset, byte[] wanted) {
    int o = (int) offset;
    for (int i = 0; i < wanted.length; i++) {
      if (elf.get(o + i) != wanted[i]) {
        return false;
      }
    }
    return elf.get(o + wanted.length) == 0;
  }
}
