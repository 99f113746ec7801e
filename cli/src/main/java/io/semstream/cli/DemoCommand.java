package io.semstream.cli;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.registry.TelemetryCodecs;
import io.semstream.demo.Demo;
import io.semstream.demo.DemoOptions;
import io.semstream.demo.DemoView;
import io.semstream.demo.DemoSummary;
import io.semstream.demo.TelemetryDemo;
import io.semstream.ingest.FrameSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {
    "Send a video through the whole pipeline and print a summary.",
    "Starts a Kafka broker (embedded unless --bootstrap-servers), runs the three roles, sends a video",
    "through the channel and print a summary. Without --input the video pans and zooms across a",
    "photograph shipped with SemStream."})
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--input", paramLabel = "PATH|-", description = "A Y4M file, '-' for Y4M on stdin, or a folder of PNG/JPEG frames.")
  String input;

  @Option(names = "--frames", description = "Frames to send (default: 48 of the synthetic video; with --input, all of it).")
  Integer frames;

  @Option(names = "--size", converter = SizeConverter.class, description = "Frame size WxH (synthetic video default 256x256; with --input, scales the frames).")
  FrameSize size;

  @Option(names = "--snr", defaultValue = "10", description = "Channel SNR in dB.")
  double snr;

  @Option(names = "--channel", defaultValue = "awgn", description = "awgn, rayleigh-block or rayleigh-fast (add -nocsi for no CSI at the receiver).")
  String channel;

  @Option(names = "--codec", description = "Codec id (see: semstream codecs; default deepjscc-c16, with --telemetry "
      + "linear-c16; telemetry codecs are linear-cN, gorilla-ldpc-cN, implicit-cN).")
  String codec;

  @Option(names = "--telemetry", paramLabel = "FILE.csv", description = "Instead of video: a telemetry CSV, sent in "
      + "windows of --window points (see semstream ingest --help for the format).")
  Path telemetry;

  @Option(names = "--window", defaultValue = "100", description = "With --telemetry: time points per window (default 100).")
  int window;

  @Option(names = "--rate", paramLabel = "HZ", description = "With --telemetry: the sample rate of a CSV without a time column.")
  Double rate;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Use this Kafka cluster instead of an embedded broker.")
  String bootstrapServers;

  @Option(names = "--json", description = "Write the summary as JSON.")
  Path json;

  @Option(names = "--out", description = "Write side-by-side PNGs (original | reconstruction) here; with --telemetry, "
      + "the reconstructed series as CSV.")
  Path out;

  @Option(names = "--stream", description = "Stream id (default: demo on the embedded broker; demo-<time> on "
      + "--bootstrap-servers, so reruns on one cluster don't mix).")
  String stream;

  @Option(names = "--design-snr", paramLabel = "DB",
      description = "Classical codecs: fix the MCS for this SNR (default: the channel's SNR).")
  Double designSnr;

  @Mixin AdaptationOptions adaptation;

  @Option(names = "--view", description = "Open the live viewer for the run (frames paced at 5 a second, telemetry "
      + "windows too) and keep it up after the summary until Ctrl-C.")
  boolean view;

  @Option(names = "--view-port", defaultValue = "8080", paramLabel = "P", description = "With --view: the viewer's "
      + "HTTP port (default 8080; 0: any free port).")
  int viewPort;

  @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for every frame to come out.")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (telemetry != null) {
      TelemetryDemo.Summary s = new TelemetryDemo(telemetryOptions(), System.out, System.err).run();
      return s.reconstructed() + s.deadLetters() == s.windowsSent() && s.identicalToOffline() ? 0 : 4;
    }
    DemoOptions options = options();
    adaptation.warnIfIneffective(options.codecId(), System.err);
    DemoSummary s = new Demo(options, System.out, System.err).run();
    return s.reconstructions() + s.deadLetters() == s.frames() ? 0 : 4;
  }

  /** The telemetry demo's options; a bad value fails here, before a broker starts. */
  TelemetryDemo.Options telemetryOptions() {
    if (input != null || frames != null || size != null) {
      throw new IllegalArgumentException("--telemetry takes no --input, --frames or --size (those are for video)");
    }
    if (!Files.isReadable(telemetry)) {
      throw new IllegalArgumentException("--telemetry: cannot read " + telemetry);
    }
    if (window < 2) {
      throw new IllegalArgumentException("--window must be at least 2 time points, got " + window);
    }
    if (rate != null && !(rate > 0)) {
      throw new IllegalArgumentException("--rate must be a positive number of Hz, got " + rate);
    }
    if (!(snr > -30 && snr < 60)) {
      throw new IllegalArgumentException("--snr must be a number of dB between -30 and 60, got " + snr);
    }
    String id = codec == null ? "linear-c16" : codec;
    TelemetryCodecs.parse(id);
    if (bootstrapServers != null) {
      KafkaOptions.validateBootstrap(bootstrapServers);
    }
    String streamId = stream != null ? stream : bootstrapServers == null ? "telemetry"
        : "telemetry-" + System.currentTimeMillis();
    return new TelemetryDemo.Options(telemetry, rate == null ? Double.NaN : rate, window, id,
        ChannelConfig.parse(channel, snr), bootstrapServers, streamId, Duration.ofSeconds(timeoutSeconds),
        designSnr == null ? Double.NaN : designSnr, out, json, view());
  }

  /** What the demo is told; a bad value fails here, before a broker starts. */
  DemoOptions options() {
    if (frames != null && frames < 1) {
      throw new IllegalArgumentException("--frames must be at least 1, got " + frames);
    }
    // The synthetic video has as many frames as asked; an input is sent whole unless --frames cuts it.
    int count = frames != null ? frames : input == null ? StreamFrames.SYNTHETIC_FRAMES : 0;
    if (bootstrapServers != null) {
      KafkaOptions.validateBootstrap(bootstrapServers);
    }
    if (!(snr > -30 && snr < 60)) {
      throw new IllegalArgumentException("--snr must be a number of dB between -30 and 60, got " + snr);
    }
    // A fixed id on a fresh embedded broker: the channel's draws are seeded by it, so reruns repeat.
    String streamId = stream != null ? stream : bootstrapServers == null ? "demo" : "demo-" + System.currentTimeMillis();
    return new DemoOptions(input, count, size, snr, channel, codec == null ? "deepjscc-c16" : codec, bootstrapServers, json,
        out, streamId, Duration.ofSeconds(timeoutSeconds), new Properties(), true,
        designSnr == null ? Double.NaN : designSnr, adaptation.settings(), view());
  }

  private DemoView view() {
    if (viewPort < 0 || viewPort > 65535) {
      throw new IllegalArgumentException("--view-port: expected a port number 0-65535, got " + viewPort);
    }
    return view ? new DemoView("127.0.0.1", viewPort, DemoView.WATCHED_FPS, true) : null;
  }
}
