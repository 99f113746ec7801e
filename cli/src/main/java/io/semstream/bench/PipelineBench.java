package io.semstream.bench;

import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Percentiles;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.ingest.PayloadFormat;
import io.semstream.io.SyntheticVideo;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code bench --pipeline}: the bare codec loop and then the same frames through the three roles, in one
 * process, so the two rates are measured on the same machine in the same state.
 */
public final class PipelineBench {

  /**
   * @param fps pacing of the pipeline's input, frames per second (≤ 0: as fast as the publisher goes)
   * @param format payload of the published frames
   */
  public record Options(String codecId, int width, int height, int frames, int warmUp, double snrDb, double fps,
      PayloadFormat format, boolean msssim, Duration timeout) {}

  private PipelineBench() {}

  /** Runs both, prints the table to {@code out} and returns the figures (JSON keys in order). */
  public static Map<String, Object> run(CodecRegistry registry, Options o, PrintStream out, PrintStream err)
      throws IOException {
    registry.info(o.codecId()); // an unknown codec fails before anything starts
    List<RgbImage> frames = frames(o.width(), o.height(), o.frames(), 0);
    List<RgbImage> warmUp = frames(o.width(), o.height(), o.warmUp(), 1);
    BareLoop.Timing bare;
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("bare " + o.codecId())
        .setInitialMax(o.frames() + o.warmUp()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .build()) {
      bare = BareLoop.run(registry, o.codecId(), frames, o.snrDb(), o.msssim(), o.warmUp(), bar);
    }
    PipelineLoop.Timing pipeline = PipelineLoop.run(registry, o.codecId(), frames, warmUp, o.snrDb(), o.fps(),
        o.format(), o.msssim(), o.timeout(), err);
    double ratio = pipeline.fps() / bare.fps();
    double p50 = Percentiles.nearestRank(pipeline.latenciesMs(), 0.50);
    double p95 = Percentiles.nearestRank(pipeline.latenciesMs(), 0.95);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("codec", o.codecId());
    json.put("size", o.width() + "x" + o.height());
    json.put("frames", o.frames());
    json.put("inputFps", o.fps() > 0 ? o.fps() : null);
    json.put("format", o.format().name());
    json.put("msssim", o.msssim());
    json.put("threads", NativeEngine.threads());
    json.put("bareFps", bare.fps());
    json.put("pipelineFps", pipeline.fps());
    json.put("ratio", ratio);
    json.put("latencyP50Ms", p50);
    json.put("latencyP95Ms", p95);
    json.put("reconstructions", pipeline.reconstructions());
    json.put("deadLetters", pipeline.deadLetters());
    json.put("barePsnr", bare.meanPsnr());
    json.put("pipelinePsnr", pipeline.meanPsnr());
    Map<String, Double> cpuMsPerFrame = new LinkedHashMap<>();
    pipeline.cpuSeconds().forEach((k, v) -> cpuMsPerFrame.put(k, 1000 * v / Math.max(1, pipeline.reconstructions())));
    json.put("pipelineCpuMsPerFrame", cpuMsPerFrame);
    double cpuTotal = pipeline.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
    json.put("pipelineCoresBusy", cpuTotal / pipeline.seconds());

    out.println();
    out.printf("%-30s %s%n", "codec", o.codecId());
    out.printf("%-30s %dx%d, %d frames (+%d warm-up), %s payloads, MS-SSIM %s, %d intra-op thread(s)%n",
        "frames", o.width(), o.height(), o.frames(), o.warmUp(), o.format().name().toLowerCase(),
        o.msssim() ? "on" : "off", NativeEngine.threads());
    out.printf("%-30s %.1f frames/s (encode %.1f ms, decode %.1f ms, channel and metrics %.1f ms a frame)%n",
        "bare codec loop", bare.fps(), 1000 * bare.encodeSeconds() / bare.frames(),
        1000 * bare.decodeSeconds() / bare.frames(),
        1000 * (bare.totalSeconds() - bare.encodeSeconds() - bare.decodeSeconds()) / bare.frames());
    out.printf("%-30s %.1f frames/s%s (%d of %d reconstructed, %d dead letters)%n", "pipeline (tx, channel, rx)",
        pipeline.fps(), o.fps() > 0 ? " with input paced at " + o.fps() : "", pipeline.reconstructions(),
        pipeline.frames(), pipeline.deadLetters());
    out.printf("%-30s %.2f%n", "ratio pipeline / bare", ratio);
    out.printf("%-30s p50 %.0f ms, p95 %.0f ms%n", "end-to-end latency", p50, p95);
    out.printf("%-30s bare %.2f dB, pipeline %.2f dB%n", "mean PSNR", bare.meanPsnr(), pipeline.meanPsnr());
    if (!cpuMsPerFrame.isEmpty()) {
      StringBuilder b = new StringBuilder();
      cpuMsPerFrame.forEach((k, v) -> b.append(String.format("%s %.1f, ", k, v)));
      out.printf("%-30s %s(%.2f cores busy)%n", "pipeline CPU ms a frame", b, cpuTotal / pipeline.seconds());
    }
    return json;
  }

  /** Distinct frames of the sample video; {@code variant} 1 starts elsewhere in the pan, for warm-up. */
  private static List<RgbImage> frames(int width, int height, int count, int variant) {
    List<RgbImage> out = new ArrayList<>();
    if (count == 0) {
      return out;
    }
    int total = count * (1 + variant);
    SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), width, height, total);
    for (int i = 0; i < count; i++) {
      out.add(video.frame(variant * count + i));
    }
    return out;
  }
}
