package io.semstream.cli;

import io.semstream.ingest.FramePublisher;
import io.semstream.ingest.FrameSize;
import io.semstream.ingest.PayloadFormat;
import io.semstream.io.FrameSource;
import io.semstream.io.FrameSources;
import io.semstream.topology.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", description = {
    "Publish video frames to the frames topic.",
    "Sources: a Y4M file (8-bit 4:2:0 or 4:4:4), '-' for Y4M on",
    "stdin, or a folder of PNG/JPEG frames in name order.",
    "  ffmpeg -i any.mp4 -f yuv4mpegpipe - | semstream ingest --bootstrap-servers localhost:9092 --stream cam1 -"})
final class IngestCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--stream", required = true, description = "Stream id (the record key).")
  String stream;

  @Parameters(index = "0", paramLabel = "FILE.y4m|DIR|-", description = "Where the frames come from.")
  String input;

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
}
