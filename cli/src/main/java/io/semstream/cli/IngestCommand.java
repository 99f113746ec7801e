package io.semstream.cli;

import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.codecs.telemetry.TelemetrySeries;
import io.semstream.ingest.FramePublisher;
import io.semstream.ingest.FrameSize;
import io.semstream.ingest.PayloadFormat;
import io.semstream.ingest.TelemetryPublisher;
import io.semstream.io.FrameSource;
import io.semstream.io.FrameSources;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.topology.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", description = {
    "Publish video frames to the frames topic, or with --telemetry a CSV series to the telemetry topic.",
    "Sources: a Y4M file (8-bit 4:2:0 or 4:4:4), '-' for Y4M on",
    "stdin, or a folder of PNG/JPEG frames in name order.",
    "  ffmpeg -i any.mp4 -f yuv4mpegpipe - | semstream ingest --bootstrap-servers localhost:9092 --stream cam1 -"})
final class IngestCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--stream", required = true, description = "Stream id (the record key).")
  String stream;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.y4m|DIR|-", description = "Where the frames come from.")
  String input;

  @Option(names = "--telemetry", paramLabel = "FILE.csv|-", description = {
      "Instead of frames: a telemetry CSV (header row naming the channels; first column a timestamp, ISO-8601",
      "or epoch ms, or none with --rate), '-' for stdin, published in windows of --window time points."})
  String telemetry;

  @Option(names = "--window", defaultValue = "100", description = "With --telemetry: time points per window (default 100).")
  int window;

  @Option(names = "--rate", paramLabel = "HZ", description = "With --telemetry: the sample rate of a CSV without a time column.")
  Double rate;

  @Option(names = "--fps", defaultValue = "0", description = "Pace frames in real time at this rate (0: as fast as Kafka takes them).")
  double fps;

  @Option(names = "--frames", defaultValue = "0", description = "Stop after this many frames (0: all).")
  int frames;

  @Option(names = "--size", converter = SizeConverter.class, description = "Scale frames to WxH.")
  FrameSize size;

  @Option(names = "--format", defaultValue = "png", description = "Payload in the record: ${COMPLETION-CANDIDATES}.")
  PayloadFormat format;

  @Option(names = "--first-seq", defaultValue = "0", description = "Seq number of the first frame.")
  long firstSeq;

  @Override
  public Integer call() throws Exception {
    KafkaOptions.validateBootstrap(kafka.bootstrapServers);
    if (telemetry != null) {
      return ingestTelemetry();
    }
    if (input == null) {
      throw new IllegalArgumentException("give the frames' source (FILE.y4m, DIR or -), or --telemetry FILE.csv");
    }
    if (fps < 0) {
      throw new IllegalArgumentException("--fps must be 0 or positive, got " + fps);
    }
    Topics topics = Topics.withPrefix(kafka.topicPrefix);
    try (FrameSource source = FrameSources.open(input, System.err);
         FramePublisher publisher = new FramePublisher(kafka.bootstrapServers, topics.frames(), kafka.properties())) {
      FramePublisher.Result r = publisher.publish(stream, source, format, size, fps, frames, firstSeq,
          false, true, System.err);
      System.out.printf("published %d frame(s) of %s to %s as stream '%s'%n", r.published(), source.describe(),
          topics.frames(), stream);
      return r.sourceError() == null ? 0 : 3;
    }
  }

  private int ingestTelemetry() throws Exception {
    if (input != null) {
      throw new IllegalArgumentException("--telemetry takes its file itself; drop the frames' source '" + input + "'");
    }
    if (rate != null && !(rate > 0)) {
      throw new IllegalArgumentException("--rate must be a positive number of Hz, got " + rate);
    }
    TelemetrySeries series;
    try (BufferedReader in = "-".equals(telemetry)
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(telemetry), StandardCharsets.UTF_8)) {
      series = TelemetryCsv.read(in, rate == null ? Double.NaN : rate, "-".equals(telemetry) ? "stdin" : telemetry);
    }
    Topics topics = Topics.withPrefix(kafka.topicPrefix);
    List<TelemetryWindow> windows = TelemetryPublisher.windows(stream, series, window);
    try (TelemetryPublisher publisher = new TelemetryPublisher(kafka.bootstrapServers, topics.telemetry(),
        kafka.properties())) {
      publisher.publish(windows);
    }
    System.out.printf("published %d window(s) of %d channel(s) x up to %d points of %s to %s as stream '%s'%n",
        windows.size(), series.channels(), window, telemetry, topics.telemetry(), stream);
    return 0;
  }
}
