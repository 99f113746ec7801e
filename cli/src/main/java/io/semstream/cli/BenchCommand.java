package io.semstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.semstream.bench.PipelineBench;
import io.semstream.bench.ProcessMemory;
import io.semstream.bench.TelemetryBench;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.ingest.FrameSize;
import io.semstream.ingest.PayloadFormat;
import io.semstream.io.SyntheticVideo;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = {
    "Measure a codec's frames per second and memory on the CPU.",
    "Without --pipeline: encodes and decodes frames in a loop, without Kafka, and prints frames per",
    "second and memory (resident set and heap after the first frame and after N, so a leak shows as growth).",
    "With --pipeline: the bare codec loop (encode, channel, decode, PSNR and MS-SSIM), then the same frames",
    "through the three roles on an embedded broker, in this process; prints both rates, their ratio and the",
    "pipeline's end-to-end latency. --json writes the figures."})
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--codec", defaultValue = "deepjscc-c16") String codec;
  @Option(names = "--size", converter = SizeConverter.class, defaultValue = "256x256") FrameSize size;
  @Option(names = "--frames", description = "Frames to time (default 200; 100 with --pipeline).") Integer framesOption;
  @Option(names = "--snr", defaultValue = "10") double snr;
  @Option(names = "--pipeline", description = "Also run the frames through the pipeline and compare.") boolean pipeline;
  @Option(names = "--fps", paramLabel = "F", defaultValue = "0",
      description = "With --pipeline: pace the input at F frames/s, as a live camera (default: as fast as it goes).")
  double fps;
  @Option(names = "--format", defaultValue = "png",
      description = "With --pipeline: payload of the published frames, ${COMPLETION-CANDIDATES} (default png, as ingest).")
  PayloadFormat format;
  @Option(names = "--no-msssim", description = "With --pipeline: leave MS-SSIM out of both loops.") boolean noMsssim;
  @Option(names = "--warm-up", paramLabel = "N", defaultValue = "8",
      description = "With --pipeline: untimed frames first, in both loops (default 8).") int warmUp;
  @Option(names = "--timeout", defaultValue = "600", description = "With --pipeline: seconds to wait for the frames.")
  int timeoutSeconds;
  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.") Path json;
  @Option(names = "--telemetry", description = "Time a telemetry codec (--codec linear-c16, implicit-c16, ...) on a "
      + "live stream of --channels at --rate Hz in windows of --window points.") boolean telemetry;
  @Option(names = "--channels", defaultValue = "8", description = "With --telemetry: channels (default 8).") int channels;
  @Option(names = "--rate", defaultValue = "100", description = "With --telemetry: samples per second (default 100).")
  double rate;
  @Option(names = "--window", defaultValue = "100", description = "With --telemetry: time points per window (default "
      + "100, one second at 100 Hz).") int window;

  @Override
  public Integer call() throws Exception {
    int frames = framesOption != null ? framesOption : pipeline ? 100 : 200;
    if (frames < 2) {
      throw new IllegalArgumentException("--frames must be at least 2, got " + frames);
    }
    if (fps < 0 || warmUp < 0) {
      throw new IllegalArgumentException("--fps and --warm-up must not be negative");
    }
    if (telemetry) {
      if (channels < 1 || window < 2 || !(rate > 0)) {
        throw new IllegalArgumentException("--channels must be >= 1, --window >= 2 and --rate > 0");
      }
      writeJson(TelemetryBench.run(new TelemetryBench.Options(codec, channels, rate, window, frames, warmUp, snr),
          System.out));
      return 0;
    }
    if (pipeline) {
      Map<String, Object> figures = PipelineBench.run(CodecRegistry.standard(), new PipelineBench.Options(codec,
          size.width(), size.height(), frames, warmUp, snr, fps, format, !noMsssim,
          Duration.ofSeconds(timeoutSeconds)), System.out, System.err);
      writeJson(figures);
      return 0;
    }
    SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), size.width(), size.height(), frames);
    RgbImage[] images = new RgbImage[Math.min(frames, 16)];
    for (int i = 0; i < images.length; i++) {
      images[i] = video.frame(i * Math.max(1, frames / images.length));
    }
    ChannelConfig channel = ChannelConfig.awgn(snr);
    ChannelSimulator simulator = new ChannelSimulator(1);
    long encodeNanos = 0, decodeNanos = 0;
    long rssFirst = 0, heapFirst = 0;
    try (Codec c = CodecRegistry.standard().create(codec);
         ProgressBar bar = new ProgressBarBuilder().setTaskName("bench " + codec).setInitialMax(frames)
             .setStyle(ProgressBarStyle.ASCII).build()) {
      for (int i = 0; i < frames; i++) {
        RgbImage img = images[i % images.length];
        long t0 = System.nanoTime();
        TxPacket tx = c.encode(new SourceFrame("bench", i, 0, img), LinkConditions.awgn(snr));
        long t1 = System.nanoTime();
        ChannelOutput out = simulator.transmit(Symbols.fromBytes(tx.getSymbols()), channel, "bench", i, null);
        RxPacket rx = RxPackets.from(tx, out, channel, 0);
        long t2 = System.nanoTime();
        c.decode(rx);
        long t3 = System.nanoTime();
        if (i > 0) { // the first frame pays for warm-up
          encodeNanos += t1 - t0;
          decodeNanos += t3 - t2;
        } else {
          System.gc();
          rssFirst = ProcessMemory.residentBytes();
          heapFirst = ProcessMemory.heapBytes();
        }
        bar.step();
      }
    }
    System.gc();
    long rssLast = ProcessMemory.residentBytes();
    long heapLast = ProcessMemory.heapBytes();
    int n = frames - 1;
    System.out.printf("%-28s %s%n", "codec", codec);
    System.out.printf("%-28s %s (%d frames, first excluded from timing)%n", "frame size", size, frames);
    System.out.printf("%-28s %.1f%n", "encode frames/s", n / (encodeNanos / 1e9));
    System.out.printf("%-28s %.1f%n", "decode frames/s", n / (decodeNanos / 1e9));
    System.out.printf("%-28s %.1f%n", "encode+decode frames/s", n / ((encodeNanos + decodeNanos) / 1e9));
    System.out.printf("%-28s %8.1f MiB -> %8.1f MiB (%+.1f)%n", "resident (native+heap)", rssFirst / 1048576.0,
        rssLast / 1048576.0, (rssLast - rssFirst) / 1048576.0);
    System.out.printf("%-28s %8.1f MiB -> %8.1f MiB (%+.1f)%n", "heap used", heapFirst / 1048576.0,
        heapLast / 1048576.0, (heapLast - heapFirst) / 1048576.0);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("codec", codec);
    figures.put("size", size.toString());
    figures.put("frames", frames);
    figures.put("threads", NativeEngine.threads());
    figures.put("encodeFps", n / (encodeNanos / 1e9));
    figures.put("decodeFps", n / (decodeNanos / 1e9));
    figures.put("encodeDecodeFps", n / ((encodeNanos + decodeNanos) / 1e9));
    figures.put("residentFirstMiB", rssFirst / 1048576.0);
    figures.put("residentLastMiB", rssLast / 1048576.0);
    figures.put("heapFirstMiB", heapFirst / 1048576.0);
    figures.put("heapLastMiB", heapLast / 1048576.0);
    writeJson(figures);
    return 0;
  }

  private void writeJson(Map<String, Object> figures) throws IOException {
    if (json != null) {
      Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(figures));
      System.err.println("figures written to " + json);
    }
  }


}
