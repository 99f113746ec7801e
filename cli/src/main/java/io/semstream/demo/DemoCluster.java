package io.semstream.demo;

import io.semstream.testkit.Directories;
import io.semstream.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a demo runs: the cluster the user named, or an embedded KRaft broker started for the demo and stopped
 * after it, with a state folder of its own (a new cluster must not meet state stores an earlier demo's
 * cluster left behind).
 */
final class DemoCluster implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final Path stateDir;
  private final String bootstrapServers;
  private final Properties overrides = new Properties();

  /** @param bootstrapServers null: start an embedded broker */
  DemoCluster(String bootstrapServers, Properties userOverrides, PrintStream err) throws IOException {
    if (userOverrides != null) {
      overrides.putAll(userOverrides);
    }
    if (bootstrapServers == null) {
      err.println("starting an embedded Kafka broker (KRaft) ...");
      broker = EmbeddedKafkaBroker.start(0, null);
      this.bootstrapServers = broker.bootstrapServers();
    } else {
      broker = null;
      this.bootstrapServers = bootstrapServers;
    }
    if (broker != null && !overrides.containsKey("state.dir")) {
      stateDir = Files.createTempDirectory("semstream-demo-state");
      overrides.put("state.dir", stateDir.toString());
    } else {
      stateDir = null;
    }
    err.println("Kafka at " + this.bootstrapServers);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The client and Streams overrides the demo's clients use. */
  Properties overrides() {
    return overrides;
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.close();
    }
    if (stateDir != null) {
      try {
        Directories.deleteRecursively(stateDir);
      } catch (IOException e) {
        // a leftover temp folder is harmless
      }
    }
  }
}
