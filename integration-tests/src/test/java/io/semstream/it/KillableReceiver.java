package io.semstream.it;

import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A receiver application in a JVM of its own, so that a test can kill it the way a crash does
 * (SIGKILL: no close, no flush, no checkpoint file, an open transaction left behind) rather than by
 * {@link PipelineRunner#close()}.
 */
final class KillableReceiver implements AutoCloseable {

  static final String RUNNING = "KILLABLE-RECEIVER RUNNING";

  private final Process process;
  private final Path log;

  private KillableReceiver(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the receiver role in a child JVM on this test's class path and waits until it runs. */
  static KillableReceiver start(String bootstrapServers, Path stateDir, String topicPrefix, Duration timeout)
      throws IOException, InterruptedException {
    // Surefire starts tests through a manifest-only jar; the real class path is in this property.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-Dai.djl.offline=true",
        "-cp", classPath, KillableReceiver.class.getName(), bootstrapServers, stateDir.toString(), topicPrefix));
    Path log = Files.createTempFile("killable-receiver", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    KillableReceiver receiver = new KillableReceiver(process, log);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!Files.readString(log).contains(RUNNING)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("receiver process did not start; its output:\n" + Files.readString(log));
        }
        Thread.sleep(100);
      }
      return receiver;
    } catch (IOException | InterruptedException | RuntimeException e) {
      receiver.close();
      throw e;
    }
  }

  /** Kills the process with SIGKILL and returns its exit status (137 on Linux). */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("receiver process survived SIGKILL");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file
    }
  }

  /**
   * Consumer settings shared by the killed receiver and its successor. A killed member never leaves
   * its group, so the successor's rebalance waits for its session to expire: 6 s (the broker's
   * minimum) instead of the default 45 s.
   */
  static Properties properties(Path stateDir) {
    Properties p = new Properties();
    p.put("state.dir", stateDir.toString());
    p.put("session.timeout.ms", "6000");
    p.put("heartbeat.interval.ms", "1000");
    return p;
  }

  /** The child JVM: runs the receiver until it is killed. Arguments: bootstrap servers, state dir, topic prefix. */
  public static void main(String[] args) throws InterruptedException {
    // Should the test JVM die without killing this one (a surefire timeout, ^C), do not outlive it.
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
    PipelineConfig config = OnlineAdaptationRestartTest.config();
    PipelineRunner.start(EnumSet.of(Role.RX), args[0], properties(Path.of(args[1])), Topics.withPrefix(args[2]),
        config, CodecRegistry.standard());
    System.out.println(RUNNING);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
