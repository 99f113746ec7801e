package io.semstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory and the heap in use, as the benchmarks and the soak run sample them. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Resident set size from /proc (native memory and heap together), or -1 where there is no /proc. */
  public static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: resident size unknown
    }
    return -1;
  }

  public static long heapBytes() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
