package io.semstream.faults;

import io.semstream.codecs.image.RgbImage;
import io.semstream.ingest.FramePublisher;
import io.semstream.ingest.PayloadFormat;
import io.semstream.io.SyntheticVideo;
import io.semstream.testkit.EmbeddedKafkaCluster;
import io.semstream.topology.TopicAdmin;
import io.semstream.topology.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The fault run: a three-broker cluster and every role in two JVMs of its own, driven twice with the same
 * paced streams, once left alone (the reference) and once with processes killed and brokers restarted
 * mid-stream. What each run committed is read back by an {@link OutputWatcher}; {@link FaultReport} compares
 * the two.
 */
public final class FaultRun {
  static final int BROKERS = 3;
  static final List<String> ROLES = List.of("tx", "channel", "rx");

  /**
   * @param framesPerStream frames each stream sends, paced at {@code fps}
   * @param adaptEvery online adaptation's group size (0: off)
   */
  public record Options(int streams, int framesPerStream, double fps, int width, int height, String codec,
      int adaptEvery, int adaptSteps, int partitions, Path workDir) {

    Duration sending() {
      return Duration.ofMillis(Math.round(framesPerStream * 1000.0 / fps));
    }
  }

  /** A fault as injected: what, on which process, when (ms since the epoch) and when it was back. */
  record Fault(String kind, String target, long atMs, long backAtMs) {}

  /** What one run committed. */
  record RunRecord(String prefix, int published, long sendStartMs, long sendEndMs, OutputWatcher.Snapshot output,
      List<Fault> faults) {}

  private final Options o;
  private final PrintStream out;
  private final List<ChildJvm> brokers = new ArrayList<>();
  private String bootstrap;

  private FaultRun(Options o, PrintStream out) {
    this.o = o;
    this.out = out;
  }

  /** Both runs on one cluster, and their comparison. */
  public static FaultReport run(Options o, PrintStream out) throws Exception {
    Files.createDirectories(o.workDir());
    FaultRun run = new FaultRun(o, out);
    try {
      run.startBrokers();
      RunRecord reference = run.once("reference-", false);
      RunRecord faulty = run.once("faults-", true);
      return FaultReport.compare(o, reference, faulty);
    } finally {
      // All at once: a broker's controlled shutdown needs the controller quorum, which the others are.
      ChildJvm.stopAll(run.brokers);
    }
  }

  private void startBrokers() throws Exception {
    int base = EmbeddedKafkaCluster.freeBasePort(BROKERS);
    Path logs = Files.createDirectories(o.workDir().resolve("logs"));
    for (int i = 1; i <= BROKERS; i++) {
      brokers.add(new ChildJvm("broker-" + i, "768m", List.of("broker", "--nodes", Integer.toString(BROKERS),
          "--node", Integer.toString(i), "--base-port", Integer.toString(base), "--data",
          o.workDir().resolve("kafka").toString()), logs));
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < BROKERS; i++) {
      addresses.add("127.0.0.1:" + (base + 2 * i));
    }
    bootstrap = String.join(",", addresses);
    out.println("starting " + BROKERS + " Kafka brokers (one JVM each) at " + bootstrap);
    brokers.forEach(ChildJvm::start);
    for (int i = 0; i < BROKERS; i++) {
      awaitBroker(i);
    }
  }

  private void awaitBroker(int i) throws InterruptedException {
    ChildJvm b = brokers.get(i);
    if (!b.awaitLog("Kafka node " + (i + 1) + " of " + BROKERS + " up", Duration.ofSeconds(180))) {
      throw new IllegalStateException(b.name() + " did not start; see " + b.log());
    }
  }

  private RunRecord once(String prefix, boolean inject) throws Exception {
    Topics topics = Topics.withPrefix(prefix);
    try (Admin admin = admin()) {
      TopicAdmin.ensureTopics(admin, topics, o.partitions());
    }
    Path logs = o.workDir().resolve("logs");
    // The injector adds replacements while the run goes on.
    List<ChildJvm> roles = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (String role : ROLES) {
      for (int k = 1; k <= 2; k++) {
        roles.add(roleJvm(prefix, role, k, logs));
      }
    }
    out.println((inject ? "fault run" : "reference run") + ": " + roles.size() + " role JVMs, " + o.streams()
        + " streams x " + o.framesPerStream() + " frames at " + o.fps() + " fps each");
    try {
      return drive(prefix, inject, topics, roles, logs);
    } finally {
      // Whatever happened, no role JVM outlives its run.
      ChildJvm.stopAll(roles);
    }
  }

  private RunRecord drive(String prefix, boolean inject, Topics topics, List<ChildJvm> roles, Path logs)
      throws Exception {
    roles.forEach(ChildJvm::start);
    for (ChildJvm r : roles) {
      if (!r.awaitLog("running [", Duration.ofSeconds(240))) {
        throw new IllegalStateException(r.name() + " did not start; see " + r.log());
      }
    }
    try (OutputWatcher watcher = new OutputWatcher(bootstrap, topics)) {
      return watch(prefix, inject, topics, roles, logs, watcher);
    }
  }

  private RunRecord watch(String prefix, boolean inject, Topics topics, List<ChildJvm> roles, Path logs,
      OutputWatcher watcher) throws Exception {
    List<Fault> faults = new ArrayList<>();
    long start = System.currentTimeMillis();
    List<Thread> senders = new ArrayList<>();
    int[] published = new int[o.streams()];
    List<Throwable> sendErrors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int s = 0; s < o.streams(); s++) {
      int stream = s;
      Thread t = new Thread(() -> {
        try (FramePublisher publisher = new FramePublisher(bootstrap, topics.frames(), null);
             SyntheticVideo video = video(stream)) {
          published[stream] = publisher.publish(streamId(stream), video, PayloadFormat.RAW, null, o.fps(),
              o.framesPerStream(), 0, false, false, null).published();
        } catch (RuntimeException e) {
          sendErrors.add(e);
        }
      }, "fault-run-sender-" + s);
      t.start();
      senders.add(t);
    }
    Thread injector = null;
    RuntimeException[] injectError = new RuntimeException[1];
    if (inject) {
      injector = new Thread(() -> {
        try {
          inject(prefix, roles, logs, start, faults);
        } catch (RuntimeException e) {
          injectError[0] = e;
        }
      }, "fault-run-injector");
      injector.start();
    }
    long total = (long) o.streams() * o.framesPerStream();
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName(inject ? "faults" : "reference").setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build()) {
      for (Thread t : senders) {
        while (t.isAlive()) {
          t.join(1000);
          bar.stepTo(watcher.reconstructed());
        }
      }
      long sendEnd = System.currentTimeMillis();
      if (injector != null) {
        injector.join();
      }
      // The tail: until every frame is out, or nothing has come for two minutes.
      int seen = -1;
      long lastChange = System.currentTimeMillis();
      while (watcher.reconstructed() < total && System.currentTimeMillis() - lastChange < 120_000) {
        Thread.sleep(1000);
        int now = watcher.reconstructed();
        if (now != seen) {
          seen = now;
          lastChange = System.currentTimeMillis();
        }
        bar.stepTo(now);
      }
      bar.stepTo(watcher.reconstructed());
      // A moment for duplicates, if any, to show.
      Thread.sleep(3000);
      if (injectError[0] != null) {
        throw injectError[0];
      }
      if (!sendErrors.isEmpty()) {
        throw new IllegalStateException("a stream could not be sent: " + sendErrors.get(0).getMessage(),
            sendErrors.get(0));
      }
      int sent = java.util.Arrays.stream(published).sum();
      watcher.close();
      return new RunRecord(prefix, sent, start, sendEnd, watcher.snapshot(), List.copyOf(faults));
    }
  }

  /** The faults, at fixed fractions of the sending time. */
  private void inject(String prefix, List<ChildJvm> roles, Path logs, long start, List<Fault> faults) {
    long d = o.sending().toMillis();
    try {
      sleepUntil(start + d / 5);
      faults.add(replace("SIGKILL", roles, prefix, "tx", logs));
      sleepUntil(start + 2 * d / 5);
      faults.add(replace("SIGKILL", roles, prefix, "rx", logs));
      sleepUntil(start + 3 * d / 5);
      ChildJvm second = brokers.get(1);
      long at = System.currentTimeMillis();
      second.kill();
      out.println("  SIGKILL " + second.name() + "; back in 10 s");
      Thread.sleep(10_000);
      second.start();
      awaitBroker(1);
      faults.add(new Fault("SIGKILL and restart", second.name(), at, System.currentTimeMillis()));
      sleepUntil(start + 4 * d / 5);
      // A rolling restart waits until every replica is back in sync, as an operator's would.
      awaitInSync(Duration.ofSeconds(120));
      ChildJvm third = brokers.get(2);
      at = System.currentTimeMillis();
      int code = third.stop();
      out.println("  clean restart of " + third.name() + " (exit " + code + ")");
      third.start();
      awaitBroker(2);
      faults.add(new Fault("clean restart", third.name(), at, System.currentTimeMillis()));
    } catch (Exception e) {
      throw new IllegalStateException("injecting faults failed: " + e.getMessage(), e);
    }
  }

  /** SIGKILLs the first instance of {@code role} and starts a replacement with a state directory of its own. */
  private Fault replace(String kind, List<ChildJvm> roles, String prefix, String role, Path logs)
      throws InterruptedException {
    ChildJvm victim = roles.stream().filter(r -> r.name().equals(prefix + role + "-1")).findFirst().orElseThrow();
    long at = System.currentTimeMillis();
    victim.kill();
    ChildJvm successor = roleJvm(prefix, role, 3, logs);
    roles.add(successor);
    successor.start();
    out.println("  SIGKILL " + victim.name() + "; " + successor.name() + " started");
    return new Fault(kind, victim.name(), at, System.currentTimeMillis());
  }

  private ChildJvm roleJvm(String prefix, String role, int instance, Path logs) {
    Path state = o.workDir().resolve("state").resolve(prefix + role + "-" + instance);
    Path config = o.workDir().resolve(prefix + role + "-" + instance + ".properties");
    try {
      Files.createDirectories(state);
      // A dead member's tasks move once its session expires: 6 s (the broker's group.min.session.timeout.ms)
      // rather than the 45 s default; a standby copy of every task's state on the other instance means the
      // task it takes over need not be restored from the changelog first. Both as Kafka advises for fast
      // fail-over.
      Files.writeString(config, String.join("\n", "state.dir=" + state, "session.timeout.ms=6000",
          "heartbeat.interval.ms=1500", "num.standby.replicas=1", ""));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of("run", "--role", role, "--bootstrap-servers", bootstrap,
        "--topic-prefix", prefix, "--config", config.toString(), "--codec", o.codec(), "--partitions",
        Integer.toString(o.partitions())));
    if (o.adaptEvery() > 0) {
      args.addAll(List.of("--adapt-every", Integer.toString(o.adaptEvery()), "--adapt-steps",
          Integer.toString(o.adaptSteps())));
    }
    return new ChildJvm(prefix + role + "-" + instance, "1g", args, logs);
  }

  private void awaitInSync(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
            .get(20, TimeUnit.SECONDS);
        boolean inSync = true;
        for (TopicDescription t : admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS).values()) {
          inSync &= t.partitions().stream().allMatch(p -> p.isr().size() == p.replicas().size());
        }
        if (inSync) {
          return;
        }
        Thread.sleep(1000);
      }
    }
    out.println("  warning: replicas not all in sync after " + timeout.toSeconds() + " s; restarting anyway");
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(p);
  }

  static String streamId(int stream) {
    return "cam-" + (stream + 1);
  }

  /** Stream {@code s}: the sample photo's pan-and-zoom through its own part of the photo. */
  private SyntheticVideo video(int s) {
    RgbImage photo = SyntheticVideo.samplePhoto();
    int w = photo.width() * 3 / 4;
    int h = photo.height() * 3 / 4;
    int x = (photo.width() - w) * s / Math.max(1, o.streams() - 1);
    int y = (photo.height() - h) * (o.streams() - 1 - s) / Math.max(1, o.streams() - 1);
    return new SyntheticVideo(photo.crop(x, y, w, h), o.width(), o.height(), o.framesPerStream());
  }

  private static void sleepUntil(long epochMs) throws InterruptedException {
    long wait = epochMs - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  static String describe(List<Fault> faults) {
    return faults.stream().map(f -> f.kind() + " " + f.target()).collect(Collectors.joining(", "));
  }
}
