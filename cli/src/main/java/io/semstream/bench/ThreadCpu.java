package io.semstream.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this process's threads by what they do, read from /proc (Linux): the roles' stream threads,
 * the embedded broker, the JIT compilers, the garbage collector and the rest. Native threads count too,
 * which the JVM's thread bean does not see.
 */
final class ThreadCpu {
  static final String[] GROUPS = {"tx", "channel", "rx", "broker", "jit", "gc", "other"};
  private static final double TICKS_PER_SECOND = 100;

  private ThreadCpu() {}

  /** Seconds of CPU per group since the process started; empty where /proc is unreadable. */
  static Map<String, Double> snapshot() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String g : GROUPS) {
      out.put(g, 0.0);
    }
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return Map.of();
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          String stat = Files.readString(task.resolve("stat"));
          // Fields after the parenthesised name: state is the 3rd field, utime the 14th, stime the 15th.
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
          out.merge(group(name), seconds, Double::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  /** {@code later − earlier} per group. */
  static Map<String, Double> since(Map<String, Double> earlier, Map<String, Double> later) {
    Map<String, Double> out = new LinkedHashMap<>();
    later.forEach((k, v) -> out.put(k, v - earlier.getOrDefault(k, 0.0)));
    return out;
  }

  private static String group(String thread) {
    if (thread.startsWith("semstream-tx")) {
      return "tx";
    }
    if (thread.startsWith("semstream-chan")) {
      return "channel";
    }
    if (thread.startsWith("semstream-rx")) {
      return "rx";
    }
    if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
      return "jit";
    }
    if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
      return "gc";
    }
    if (thread.startsWith("data-plane") || thread.startsWith("kafka-") && !thread.startsWith("kafka-producer")
        && !thread.startsWith("kafka-coordinator") || thread.startsWith("group-coord") || thread.startsWith("TxnMarker")
        || thread.startsWith("ExpirationReap") || thread.startsWith("AddPartitions") || thread.startsWith("raft")
        || thread.startsWith("broker-") || thread.startsWith("controller-") || thread.startsWith("LogDirFailure")
        || thread.startsWith("transaction-") || thread.startsWith("share-")) {
      return "broker";
    }
    return "other";
  }
}
