package io.semstream.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One SemStream command in a JVM of its own (a broker node or a role instance), so that it can be killed the
 * way production kills processes: {@link #kill()} is SIGKILL (nothing closed, nothing flushed), {@link #stop()}
 * SIGTERM (the command's shutdown hook runs). Output goes to a log file per start.
 */
final class ChildJvm {
  private final String name;
  private final List<String> command;
  private final Path logDir;
  private Process process;
  private Path log;
  private int starts;

  /**
   * @param heap the child's -Xmx, e.g. "512m"
   * @param args the semstream command line
   */
  ChildJvm(String name, String heap, List<String> args, Path logDir) {
    this.name = name;
    this.logDir = logDir;
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-Xmx" + heap);
    c.add("-Dai.djl.offline=true");
    // Six role JVMs share two cores: one native thread each keeps them from fighting over them, and every
    // run of the same command computes with the same threads.
    c.add("-Dai.djl.pytorch.num_threads=1");
    c.add("-Dai.djl.pytorch.num_interop_threads=1");
    c.add("-jar");
    c.add(ownJar().toString());
    c.addAll(args);
    this.command = List.copyOf(c);
  }

  String name() {
    return name;
  }

  synchronized void start() {
    if (alive()) {
      throw new IllegalStateException(name + " is already running");
    }
    starts++;
    log = logDir.resolve(name + (starts == 1 ? "" : "." + starts) + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    String tunables = System.getenv("GLIBC_TUNABLES");
    pb.environment().put("GLIBC_TUNABLES", tunables != null ? tunables
        : "glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824");
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** Waits until the current start's log contains {@code text}; false if the process ends or time runs out. */
  boolean awaitLog(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (logContains(text)) {
        return true;
      }
      if (!alive()) {
        return logContains(text);
      }
      Thread.sleep(200);
    }
    return false;
  }

  private boolean logContains(String text) {
    try {
      return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILL, and waits for the process to be gone. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** SIGTERM to all at once, then waits for each as {@link #stop()} does. */
  static void stopAll(List<ChildJvm> jvms) throws InterruptedException {
    for (ChildJvm j : jvms) {
      synchronized (j) {
        if (j.process != null) {
          j.process.destroy();
        }
      }
    }
    for (ChildJvm j : jvms) {
      j.stop();
    }
  }

  /** SIGTERM; SIGKILL if the shutdown takes longer than a minute. Returns the exit code. */
  synchronized int stop() throws InterruptedException {
    if (process == null) {
      return -1;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  Path log() {
    return log;
  }

  /** The runnable jar this JVM was started from: the children run the same build. */
  static Path ownJar() {
    try {
      File f = new File(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!f.isFile() || !f.getName().endsWith(".jar")) {
        throw new IllegalStateException("the fault run starts its brokers and roles from the runnable jar; run it as"
            + " ./semstream faults (found classes in " + f + ")");
      }
      return f.toPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the runnable jar", e);
    }
  }
}
