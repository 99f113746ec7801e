package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.AdaptiveDecoder;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.metrics.Psnr;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.demo.OutcomeCollector;
import io.semstream.ingest.FramePublisher;
import io.semstream.ingest.PayloadFormat;
import io.semstream.io.SyntheticVideo;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.serde.Bytes;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.testkit.Directories;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import io.semstream.topology.tx.AdaptationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 on a real broker with the shipped explicit codec: the transmitter adapts and ships deltas,
 * the receiver (a JVM of its own) applies them, then the receiver is killed with SIGKILL and a
 * successor started on the same state directory, which the crash left without a checkpoint, so it
 * restores each stream's decoder from the changelogs. Its reconstructions must be bit-identical to a
 * receiver that never stopped, which the test computes offline from the same packets and deltas.
 */
class OnlineAdaptationRestartTest extends EmbeddedBrokerTest {

  static final String TOPIC_PREFIX = "it-adapt-";

  @Test
  void deltasReachTheReceiverAndARestoredReceiverDecodesLikeOneThatNeverStopped() throws Exception {
    String stream = "cam-adapt";
    Topics topics = Topics.withPrefix(TOPIC_PREFIX);
    PipelineConfig config = config();
    Path txState = Files.createTempDirectory("it-adapt-tx");
    Path rxState = Files.createTempDirectory("it-adapt-rx");
    Properties txProps = props(txState);
    CodecRegistry registry = CodecRegistry.standard();
    try (PipelineRunner senders = PipelineRunner.start(EnumSet.of(Role.TX, Role.CHANNEL), broker.bootstrapServers(),
             txProps, topics, config, registry);
         OutcomeCollector collector = new OutcomeCollector(broker.bootstrapServers(), topics, stream, txProps);
         KillableReceiver receiver = KillableReceiver.start(broker.bootstrapServers(), rxState, TOPIC_PREFIX,
             Duration.ofSeconds(120))) {
      // The first group goes to the background worker; later frames go one at a time until the one the
      // schedule names (the group size after the group) carries the delta out.
      publish(topics, stream, txProps, 0, 4);
      await(collector, 4);
      int sent = 4;
      while (collector.modelDeltas() == 0 && sent < 40) {
        publish(topics, stream, txProps, sent, 1);
        sent++;
        await(collector, sent);
        collector.poll(Duration.ofMillis(300));
      }
      assertTrue(collector.modelDeltas() >= 1, "no model delta reached model-deltas after " + sent + " frames");
      publish(topics, stream, txProps, sent, 2);
      sent += 2;
      await(collector, sent);
      long versionBefore = collector.reconstructions().lastEntry().getValue().getModelVersion();
      assertTrue(versionBefore >= 1, "reconstructions never moved past version 0");

      // The receiver crashes: SIGKILL, nothing closed or flushed. A successor starts on the same state directory.
      assertEquals(137, receiver.kill(), "the receiver should die of SIGKILL (128 + 9)");
      try (PipelineRunner successor = PipelineRunner.start(EnumSet.of(Role.RX), broker.bootstrapServers(),
          KillableReceiver.properties(rxState), topics, config, registry)) {
        publish(topics, stream, txProps, sent, 8);
        await(collector, sent + 8);
      }
      assertEquals(0, collector.deadLetters().size(), () -> "dead letters: " + collector.deadLetters());
      TreeMap<Long, Reconstruction> recons = collector.reconstructions();
      assertEquals(sent + 8, recons.size());

      // The receiver that never stopped, computed offline: the shipped decoder, every delta applied
      // in version order, each packet decoded with the parameters of the version it names.
      Map<Long, RxPacket> packets = read(topics.rxSymbols(), txProps, bytes -> SemSerdes.rxPacket().fromBytes(bytes));
      List<ModelDelta> deltas = read(topics.modelDeltas(), txProps, bytes -> SemSerdes.modelDelta().fromBytes(bytes))
          .values().stream().toList();
      try (AdaptiveDecoder reference = (AdaptiveDecoder) registry.create("explicit-c16")) {
        Map<Long, float[]> byVersion = new HashMap<>();
        float[] current = reference.baseParameters();
        byVersion.put(0L, current);
        for (ModelDelta d : deltas.stream().filter(d -> !d.getFull())
            .sorted((a, b) -> Long.compare(a.getNewVersion(), b.getNewVersion())).toList()) {
          assertEquals(byVersion.containsKey(d.getBaseVersion()), true, "delta chain broken at " + d.getBaseVersion());
          current = reference.applyDelta(Bytes.of(d.getPayload()), byVersion.get(d.getBaseVersion()));
          byVersion.put(d.getNewVersion(), current);
        }
        int compared = 0;
        int adaptedFrames = 0;
        double adaptedPsnr = 0, basePsnr = 0;
        for (long seq = sent; seq < sent + 8; seq++) {
          Reconstruction r = recons.get(seq);
          RxPacket p = packets.get(seq);
          assertEquals(p.getModelVersion(), r.getModelVersion(), "frame " + seq + " decoded at another version");
          assertFalse(r.getStale(), "frame " + seq + " stale");
          byte[] expected = reference.decode(p, byVersion.get(r.getModelVersion())).rgb();
          assertArrayEquals(expected, ImageFiles.decode(Bytes.of(r.getPayload())).rgb(),
              "frame " + seq + " differs from a receiver that never stopped");
          compared++;
          // The same packet through the shipped decoder, against the same source frame: what the delta bought.
          if (r.getModelVersion() > 0 && r.getPsnr() != null) {
            RgbImage source = frame(seq);
            adaptedPsnr += r.getPsnr();
            basePsnr += Psnr.of(source, reference.decode(p, byVersion.get(0L)));
            adaptedFrames++;
          }
        }
        assertEquals(8, compared);
        assertTrue(adaptedFrames > 0, "no frame after the restart was decoded with an adapted model");
        System.out.printf("after the restart: adapted decoder %.2f dB, shipped decoder %.2f dB on the same %d packets%n",
            adaptedPsnr / adaptedFrames, basePsnr / adaptedFrames, adaptedFrames);
        assertTrue(adaptedPsnr > basePsnr, "the adapted decoder should beat the shipped one on frames of the same video");
        assertTrue(recons.lastEntry().getValue().getModelVersion() >= versionBefore);
      }
    } finally {
      Directories.deleteRecursively(txState);
      Directories.deleteRecursively(rxState);
    }
  }

  /** The pipeline of this test, shared with the receiver's own JVM ({@link KillableReceiver#main}). */
  static PipelineConfig config() {
    // λ so large that any improvement pays for its delta: this test is about the protocol, not the decision.
    return PipelineConfig.builder()
        .codecId("explicit-c16")
        .defaultChannel(ChannelConfig.awgn(10))
        .partitions(1)
        .adaptation(AdaptationSettings.every(4).withSteps(6).withLambda(1e9).withMaxDeltaShare(1))
        .build();
  }

  /** Frame {@code seq} of the synthetic video, as the publisher sent it. */
  private static RgbImage frame(long seq) {
    try (SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), 64, 64, (int) seq + 1)) {
      RgbImage image = null;
      for (long i = 0; i <= seq; i++) {
        image = video.next();
      }
      return image;
    }
  }

  private static Properties props(Path state) {
    Properties p = new Properties();
    p.put("state.dir", state.toString());
    return p;
  }

  private static void publish(Topics topics, String stream, Properties props, int first, int count) {
    try (FramePublisher publisher = new FramePublisher(broker.bootstrapServers(), topics.frames(), props);
         SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), 64, 64, first + count)) {
      for (int i = 0; i < first; i++) {
        video.next();
      }
      assertEquals(count, publisher.publish(stream, video, PayloadFormat.PNG, null, 0, count, first, false, false,
          System.err).published());
    }
  }

  private static void await(OutcomeCollector collector, int expected) {
    long deadline = System.currentTimeMillis() + 180_000;
    while (collector.accounted() < expected && System.currentTimeMillis() < deadline) {
      collector.poll(Duration.ofMillis(200));
    }
    assertEquals(expected, collector.accounted(), "outcomes");
  }

  private interface Decoder<T> {
    T decode(byte[] bytes);
  }

  /** Every record of a topic, by the seq or version its value names, read from the beginning. */
  private static <T> Map<Long, T> read(String topic, Properties base, Decoder<T> decoder) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("group.id", "it-adapt-reader-" + topic + System.nanoTime());
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", "read_committed");
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    Map<Long, T> out = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 10_000;
      int empty = 0;
      while (System.currentTimeMillis() < deadline && empty < 5) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty() && !out.isEmpty()) {
          empty++;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          T value = decoder.decode(r.value());
          long key = value instanceof RxPacket rp ? rp.getSeq() : ((ModelDelta) value).getNewVersion()
              + (((ModelDelta) value).getFull() ? 1_000_000L : 0);
          out.put(key, value);
        }
      }
    }
    return out;
  }
}
