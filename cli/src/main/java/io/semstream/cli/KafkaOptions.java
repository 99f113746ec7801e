package io.semstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Options shared by the commands that talk to a Kafka cluster. */
final class KafkaOptions {

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers, e.g. localhost:9092.")
  String bootstrapServers;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Kafka client properties (security, sizes, ...); they override SemStream's defaults.")
  Path config;

  @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of every SemStream topic name.")
  String topicPrefix;

  Properties properties() throws IOException {
    Properties p = new Properties();
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new IllegalArgumentException("--config: no such file " + config);
      }
      try (InputStream in = Files.newInputStream(config)) {
        p.load(in);
      }
    }
    return p;
  }

  static void validateBootstrap(String servers) {
    for (String s : servers.split(",")) {
      int colon = s.lastIndexOf(':');
      boolean ok = colon > 0 && colon < s.length() - 1;
      if (ok) {
        try {
          int port = Integer.parseInt(s.substring(colon + 1).trim());
          ok = port > 0 && port < 65536;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new IllegalArgumentException("--bootstrap-servers: expected HOST:PORT[,HOST:PORT...], got '" + servers + "'");
      }
    }
  }
}
