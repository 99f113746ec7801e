package io.semstream.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.semstream.clients.ClientProperties;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.MsSsim;
import io.semstream.codecs.metrics.Percentiles;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.ingest.FramePublisher;
import io.semstream.ingest.PayloadFormat;
import io.semstream.io.FrameSource;
import io.semstream.io.FrameSources;
import io.semstream.io.SyntheticVideo;
import io.semstream.schemas.ChannelState;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.serde.Bytes;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import io.semstream.topology.tx.AdaptationSettings;
import io.semstream.viewer.LinkViewer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The demo: a real broker (embedded unless one is given), the three roles in this JVM, a video
 * through the channel, then a summary and side-by-side pictures. Every frame is accounted for:
 * it is reconstructed or dead-lettered, or the demo says which are missing when it times out.
 */
public final class Demo {

  private final DemoOptions o;
  private final PrintStream out;
  private final PrintStream err;

  public Demo(DemoOptions options, PrintStream out, PrintStream err) {
    this.o = options;
    this.out = out;
    this.err = err;
  }

  public DemoSummary run() throws Exception {
    CodecRegistry registry = CodecRegistry.standard(o.designSnrDb());
    registry.info(o.codecId()); // unknown codec: fail before starting anything
    ChannelConfig channel = ChannelConfig.parse(o.channel(), o.snrDb());
    try (DemoCluster cluster = new DemoCluster(o.bootstrapServers(), o.kafkaOverrides(), err)) {
      String bootstrap = cluster.bootstrapServers();
      Properties overrides = cluster.overrides();
      Topics topics = Topics.defaults();
      PipelineConfig config = pipelineConfig(o, channel);
      try (PipelineRunner runner = PipelineRunner.start(EnumSet.allOf(Role.class), bootstrap, overrides,
          topics, config, registry)) {
        publishChannelState(bootstrap, topics, channel, o.streamId(), overrides);
        try (LinkViewer viewer = o.view() == null ? null : o.view().open(bootstrap, topics, overrides, err);
             OutcomeCollector collector = new OutcomeCollector(bootstrap, topics, o.streamId(), overrides, true);
             FrameSource source = openSource();
             FramePublisher publisher = new FramePublisher(bootstrap, topics.frames(), overrides)) {
          long t0 = System.currentTimeMillis();
          FramePublisher.Result sent = publisher.publish(o.streamId(), source, PayloadFormat.PNG,
              o.input() == null ? null : o.size(), o.view() == null ? 0 : o.view().fps(), o.frames(), 0, true,
              o.progress(), err);
          waitForOutcomes(collector, sent.published());
          double seconds = Math.max(1e-3, (collector.lastArrivalMillis() - t0) / 1000.0);
          awaitPackets(collector);
          OfflineCheck.Result check = OfflineCheck.check(registry, collector.reconstructions(), collector.packets(),
              collector.deltas());
          DemoSummary summary = summarise(collector, sent.published(), seconds, check.identical(), sent.frames());
          printTable(summary, collector, check);
          if (o.out() != null) {
            writeSideBySide(collector, sent.frames(), o.out());
          }
          if (o.json() != null) {
            Files.writeString(o.json(), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(summary));
          }
          if (viewer != null) {
            o.view().linger(viewer, err);
          }
          return summary;
        }
      }
    }
  }

  static PipelineConfig pipelineConfig(DemoOptions o, ChannelConfig channel) {
    return PipelineConfig.builder()
        .codecId(o.codecId())
        .defaultChannel(channel)
        .partitions(1)
        .adaptation(o.adaptation() == null ? AdaptationSettings.OFF : o.adaptation())
        .build();
  }

  private FrameSource openSource() throws IOException {
    if (o.input() == null) {
      int w = o.size() == null ? 256 : o.size().width();
      int h = o.size() == null ? 256 : o.size().height();
      return new SyntheticVideo(SyntheticVideo.samplePhoto(), w, h, o.frames());
    }
    return FrameSources.open(o.input(), err);
  }

  /** The link's state for {@code streamId}, as a channel-state producer would publish it. */
  static void publishChannelState(String bootstrap, Topics topics, ChannelConfig c, String streamId,
      Properties overrides) throws Exception {
    Properties p = ClientProperties.writer(bootstrap, overrides);
    ChannelState state = ChannelState.newBuilder()
        .setLinkId(streamId)
        .setTimestamp(System.currentTimeMillis())
        .setSnrDb(c.snrDb())
        .setFading(c.fading())
        .setCsiAtReceiver(c.csiAtReceiver())
        .setCoherenceSymbols(c.coherenceSymbols())
        .setDopplerCorrelation(c.dopplerCorrelation())
        .build();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>(topics.channelState(), streamId.getBytes(StandardCharsets.UTF_8),
          SemSerdes.channelState().toBytes(state))).get();
    }
  }

  private void waitForOutcomes(OutcomeCollector collector, int expected) {
    long deadline = System.currentTimeMillis() + o.timeout().toMillis();
    try (ProgressBar bar = o.progress() ? new ProgressBarBuilder().setTaskName("reconstruct")
        .setInitialMax(expected).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build() : null) {
      while (collector.accounted() < expected && System.currentTimeMillis() < deadline) {
        collector.poll(Duration.ofMillis(200));
        if (bar != null) {
          bar.stepTo(collector.accounted());
        }
      }
      // Deltas and late dead letters that are already committed.
      collector.poll(Duration.ofMillis(200));
    }
    if (collector.accounted() < expected) {
      List<Long> missing = new ArrayList<>();
      for (long s = 0; s < expected && missing.size() < 20; s++) {
        if (!collector.reconstructions().containsKey(s)) {
          missing.add(s);
        }
      }
      err.printf("timed out after %s: %d of %d frames accounted for; not reconstructed: %s%n",
          o.timeout(), collector.accounted(), expected, missing);
    }
  }

  /** The received packets are committed before their reconstructions; a last poll picks up any still unread. */
  private static void awaitPackets(OutcomeCollector c) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!c.packets().keySet().containsAll(c.reconstructions().keySet()) && System.currentTimeMillis() < deadline) {
      c.poll(Duration.ofMillis(200));
    }
  }

  /**
   * The run's figures. PSNR and MS-SSIM are the demo's own, of every reconstruction against the frame it
   * sent: the receiver scores a packet only when its reference frame is in the store by then, which under a
   * heavy load it may not be, and a mean over whichever frames happened to be scored would change from run to
   * run. (The receiver's own figures are its per-frame fields; these are the same functions on the same
   * pixels.)
   */
  static DemoSummary summarise(OutcomeCollector c, int frames, double seconds, int identicalToOffline,
      List<RgbImage> originals) {
    double psnr = 0, msssim = 0, cbr = 0, snr = 0;
    int withPsnr = 0, withSsim = 0;
    for (Reconstruction r : c.reconstructions().values()) {
      int seq = (int) r.getSeq();
      RgbImage original = seq >= 0 && seq < originals.size() ? originals.get(seq) : null;
      RgbImage decoded = original == null ? null : ImageFiles.decode(Bytes.of(r.getPayload()));
      if (decoded != null && decoded.width() == original.width() && decoded.height() == original.height()) {
        psnr += Psnr.of(original, decoded);
        withPsnr++;
        try {
          msssim += MsSsim.of(original, decoded);
          withSsim++;
        } catch (IllegalArgumentException tooSmall) {
          // MS-SSIM needs frames of at least 161 pixels a side
        }
      }
      cbr += r.getCbr();
      snr += r.getSnrDb();
    }
    int n = c.reconstructions().size();
    int nonFinite = (int) (c.reconstructions().values().stream().filter(Reconstruction::getNonFinite).count()
        + c.deadLetters().stream().filter(d -> NonFiniteOutputException.isReason(d.getReason())).count());
    long[] latencies = c.reconstructions().values().stream().mapToLong(Reconstruction::getLatencyMs).sorted().toArray();
    return new DemoSummary(frames, n,
        withPsnr == 0 ? Double.NaN : psnr / withPsnr,
        withSsim == 0 ? Double.NaN : msssim / withSsim,
        n == 0 ? Double.NaN : cbr / n,
        n == 0 ? Double.NaN : snr / n,
        n / seconds, c.modelDeltas(), DeltaShare.of(c.reconstructions().values()), c.deadLetters().size(),
        nonFinite, identicalToOffline, Percentiles.nearestRank(latencies, 0.50),
        Percentiles.nearestRank(latencies, 0.95));
  }

  private void printTable(DemoSummary s, OutcomeCollector c, OfflineCheck.Result check) {
    out.println();
    out.printf("%-28s %s%n", "codec", o.codecId());
    out.printf("%-28s %s at %.1f dB%n", "channel", o.channel(), o.snrDb());
    out.printf("%-28s %d%n", "frames sent", s.frames());
    out.printf("%-28s %d%n", "reconstructions", s.reconstructions());
    out.printf("%-28s %d%n", "dead letters", s.deadLetters());
    long lost = c.reconstructions().values().stream().filter(Reconstruction::getLost).count();
    if (lost > 0) {
      out.printf("%-28s %d (concealed with the last good frame)%n", "frames lost on the channel", lost);
    }
    if (s.nonFiniteFrames() > 0) {
      out.printf("%-28s %d (NaN or infinite network output; concealed or dead-lettered)%n", "non-finite frames",
          s.nonFiniteFrames());
    }
    out.printf("%-28s %d of %d%s%n", "identical to offline decode", check.identical(), s.reconstructions(),
        check.differing().isEmpty() ? "" : "; differing: " + check.differing().subList(0,
            Math.min(20, check.differing().size())));
    out.printf("%-28s %.2f dB%n", "mean PSNR", s.meanPsnr());
    out.printf("%-28s %.4f%n", "mean MS-SSIM", s.meanMsssim());
    out.printf("%-28s %.5f (1/%.1f)%n", "mean CBR", s.meanCbr(), 1 / s.meanCbr());
    out.printf("%-28s %d%n", "model deltas applied", s.modelDeltas());
    out.printf("%-28s %.4f%n", "delta share of channel uses", s.deltaShare());
    out.printf("%-28s %.1f%n", "frames per second", s.fps());
    if (s.reconstructions() > 0) {
      out.printf("%-28s p50 %.0f ms, p95 %.0f ms%n", "end-to-end latency", s.latencyP50Ms(), s.latencyP95Ms());
    }
    for (DeadLetter d : c.deadLetters()) {
      out.printf("dead letter: %s-%d@%d: %s%n", d.getTopic(), d.getPartition(), d.getOffset(), d.getReason());
    }
  }

  private void writeSideBySide(OutcomeCollector c, List<RgbImage> originals, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Reconstruction r : c.reconstructions().values()) {
      int seq = (int) r.getSeq();
      if (seq < 0 || seq >= originals.size()) {
        continue;
      }
      RgbImage decoded = ImageFiles.decode(Bytes.of(r.getPayload()));
      ImageFiles.writePng(originals.get(seq).besideOf(decoded), dir.resolve(String.format("frame-%04d.png", seq)));
    }
    err.println("side-by-side pictures (original | reconstruction) in " + dir);
  }
}
