package io.semstream.it;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.demo.OutcomeCollector;
import io.semstream.ingest.FramePublisher;
import io.semstream.ingest.PayloadFormat;
import io.semstream.io.SyntheticVideo;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.function.Consumer;

/** The three roles against a given broker, fed with the synthetic video; shared by the broker tests. */
final class PipelineScenario implements AutoCloseable {

  /**
   * The Deep JSCC 1/16 preset's PSNR floor on 64×64 frames of the sample video at 10 dB. Measured
   * 2026-11-23 with {@code semstream eval --codec deepjscc-c16 --snr 10} on the 24 frames: mean
   * 22.7 dB; frames 0, 12 and 23 alone 21.9, 23.5 and 22.6 dB (a whole photo squeezed into 64 px
   * is much harder than the held-out photos at full size, 26.9 dB). The margin covers other noise
   * draws, nothing more.
   */
  static final double PSNR_FLOOR_DB = 20.0;

  final String bootstrap;
  final Topics topics;
  final String stream;
  final PipelineRunner runner;
  final OutcomeCollector collector;
  final Properties overrides = new Properties();

  PipelineScenario(String bootstrap, String prefix, String stream, double snrDb) throws Exception {
    this(bootstrap, prefix, stream, snrDb, "deepjscc-c16", false);
  }

  /** @param withPackets the collector also keeps the stream's received packets, for offline comparison */
  PipelineScenario(String bootstrap, String prefix, String stream, double snrDb, String codec, boolean withPackets)
      throws Exception {
    this(bootstrap, prefix, stream, snrDb, codec, withPackets, null);
  }

  /** @param meters where the roles record their metrics (null: nowhere) */
  PipelineScenario(String bootstrap, String prefix, String stream, double snrDb, String codec, boolean withPackets,
      io.micrometer.core.instrument.MeterRegistry meters) throws Exception {
    this.bootstrap = bootstrap;
    this.topics = Topics.withPrefix(prefix);
    this.stream = stream;
    Path state = Files.createTempDirectory("semstream-it-state");
    overrides.put("state.dir", state.toString());
    PipelineConfig config = PipelineConfig.builder()
        .codecId(codec)
        .defaultChannel(ChannelConfig.awgn(snrDb))
        .partitions(2)
        .build();
    this.runner = PipelineRunner.start(EnumSet.allOf(Role.class), bootstrap, overrides, topics, config,
        CodecRegistry.standard(), PipelineRunner.DEFAULT_START_TIMEOUT, meters);
    this.collector = new OutcomeCollector(bootstrap, topics, stream, overrides, withPackets);
  }

  int sendSyntheticFrames(int frames, int width, int height) {
    return sendSyntheticFrames(frames, width, height, 0);
  }

  /** Frames of the sample video at one size, numbered from {@code firstSeq}. */
  int sendSyntheticFrames(int frames, int width, int height, long firstSeq) {
    try (FramePublisher publisher = new FramePublisher(bootstrap, topics.frames(), overrides);
         SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), width, height, frames)) {
      return publisher.publish(stream, video, PayloadFormat.PNG, null, 0, frames, firstSeq, false, false, System.err)
          .published();
    }
  }

  void withProducer(Consumer<org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>> action) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    p.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(p)) {
      action.accept(producer);
      producer.flush();
    }
  }

  /** Polls until {@code expected} frames are reconstructed or dead-lettered, or the time is up. */
  void awaitOutcomes(int expected, Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (collector.accounted() < expected && System.currentTimeMillis() < deadline) {
      collector.poll(Duration.ofMillis(200));
    }
    collector.poll(Duration.ofMillis(300));
  }

  @Override
  public void close() {
    collector.close();
    runner.close();
  }
}
