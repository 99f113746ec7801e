package io.semstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.semstream.bench.Soak;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.topology.tx.AdaptationSettings;
import io.semstream.ingest.FrameSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "soak", description = {
    "Run the pipeline for a long stretch of paced input and watch its memory.",
    "Starts an embedded broker and the three roles, sends the sample video in a loop at --fps, and samples",
    "resident memory, heap (after a collection), open files and threads every --sample-seconds; prints the slope",
    "of each after the warm-up, with its standard error. Pick an --fps the codec keeps up with (bench --pipeline says)."})
final class SoakCommand implements Callable<Integer> {

  @Option(names = "--codec", defaultValue = "deepjscc-c16") String codec;
  @Option(names = "--size", converter = SizeConverter.class, defaultValue = "256x256") FrameSize size;
  @Option(names = "--fps", defaultValue = "5", description = "Input frames per second (default 5).") double fps;
  @Option(names = "--minutes", defaultValue = "30", description = "Length of the run (default 30).") double minutes;
  @Option(names = "--sample-seconds", defaultValue = "30", description = "Between samples (default 30).")
  int sampleSeconds;
  @Option(names = "--warm-up-minutes", defaultValue = "5",
      description = "Samples before this are left out of the slopes (default 5).") double warmUpMinutes;
  @Option(names = "--no-msssim", description = "Leave MS-SSIM out at the receiver.") boolean noMsssim;
  @Option(names = "--adapt-every", paramLabel = "N", defaultValue = "0", description = "Online adaptation after"
      + " every N frames of the stream (explicit codecs); 0 = off (default).") int adaptEvery;
  @Option(names = "--adapt-steps", paramLabel = "K", defaultValue = "0", description = "Fine-tuning steps per"
      + " adaptation group (default: the online adapter's).") int adaptSteps;
  @Option(names = "--json", paramLabel = "FILE", description = "Write the samples and slopes as JSON.") Path json;

  @Override
  public Integer call() throws Exception {
    if (adaptEvery < 0 || adaptSteps < 0) {
      throw new IllegalArgumentException("--adapt-every and --adapt-steps must be 0 or more, got " + adaptEvery
          + " and " + adaptSteps);
    }
    AdaptationSettings adaptation = AdaptationSettings.every(adaptEvery);
    if (adaptSteps > 0) {
      adaptation = adaptation.withSteps(adaptSteps);
    }
    if (!(fps > 0) || !(minutes > 0) || sampleSeconds < 1 || warmUpMinutes < 0 || warmUpMinutes >= minutes) {
      throw new IllegalArgumentException("--fps and --minutes must be positive, --sample-seconds at least 1, and "
          + "--warm-up-minutes in [0, --minutes)");
    }
    Map<String, Object> figures = Soak.run(CodecRegistry.standard(), new Soak.Options(codec, size.width(),
        size.height(), fps, Duration.ofMillis(Math.round(minutes * 60000)), Duration.ofSeconds(sampleSeconds),
        Duration.ofMillis(Math.round(warmUpMinutes * 60000)), !noMsssim, adaptation), System.out, System.err);
    if (json != null) {
      Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(figures));
      System.err.println("figures written to " + json);
    }
    return 0;
  }
}
