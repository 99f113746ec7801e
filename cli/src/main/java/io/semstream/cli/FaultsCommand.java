package io.semstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.faults.FaultReport;
import io.semstream.faults.FaultRun;
import io.semstream.ingest.FrameSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "faults", description = {
    "The fault run: 3 Kafka brokers and every role in 2 JVMs of its own, paced streams with online adaptation,",
    "sent once untouched and once while a transmitter and a receiver are SIGKILLed (and replaced), a broker is",
    "SIGKILLed and restarted and another restarted cleanly; then checks, reading read_committed, that every",
    "(stream, seq) was reconstructed exactly once and bit for bit as in the untouched run. Exit code 0 if so."})
final class FaultsCommand implements Callable<Integer> {
  @Option(names = "--streams", defaultValue = "4", description = "Streams sent at once (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--frames", defaultValue = "100", description = "Frames per stream (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--fps", defaultValue = "0.5", description = "Frames per second per stream (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(names = "--size", converter = SizeConverter.class, defaultValue = "128x128",
      description = "Frame size (default ${DEFAULT-VALUE}).")
  FrameSize size;

  @Option(names = "--codec", defaultValue = "explicit-c16", description = "Codec (default ${DEFAULT-VALUE}).")
  String codec;

  @Option(names = "--adapt-every", defaultValue = "10", paramLabel = "N",
      description = "Online adaptation group size, 0 = off (default ${DEFAULT-VALUE}).")
  int adaptEvery;

  @Option(names = "--adapt-steps", defaultValue = "10", paramLabel = "K",
      description = "Fine-tuning steps per group (default ${DEFAULT-VALUE}).")
  int adaptSteps;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions per topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--work", paramLabel = "DIR", description = "Brokers' data, state directories and every JVM's"
      + " log (default: a new temporary directory, kept).")
  Path work;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (streams < 1 || frames < 10 || !(fps > 0) || partitions < 1 || adaptEvery < 0 || adaptSteps < 1) {
      throw new IllegalArgumentException("expected --streams >= 1, --frames >= 10, --fps > 0, --partitions >= 1,"
          + " --adapt-every >= 0 and --adapt-steps >= 1");
    }
    CodecRegistry.standard().info(codec);
    Path dir = work != null ? work : Files.createTempDirectory("semstream-faults-");
    System.err.println("fault run in " + dir + " (logs in " + dir.resolve("logs") + ")");
    FaultReport report = FaultRun.run(new FaultRun.Options(streams, frames, fps, size.width(), size.height(), codec,
        adaptEvery, adaptSteps, partitions, dir), System.err);
    report.print(System.out);
    if (json != null) {
      Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(report.json()));
      System.err.println("report written to " + json);
    }
    return report.passed() ? 0 : 2;
  }
}
