package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.cli.SemStreamCli;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.io.SyntheticVideo;
import io.semstream.io.Y4mSource;
import io.semstream.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingest, export and replay on a real broker around a running pipeline. */
class CliAgainstBrokerTest extends EmbeddedBrokerTest {

  @TempDir Path tmp;

  private static int cli(String... args) {
    return SemStreamCli.commandLine().execute(args);
  }

  @Test
  void ingestFolderThenExportAndReplay() throws Exception {
    String prefix = "cli-";
    Path frames = Files.createDirectories(tmp.resolve("frames"));
    SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), 64, 64, 5);
    for (int i = 0; i < 5; i++) {
      ImageFiles.writePng(video.frame(i), frames.resolve("frame" + (i + 1) + ".png"));
    }
    String bootstrap = broker.bootstrapServers();
    try (PipelineScenario s = new PipelineScenario(bootstrap, prefix, "cam-cli", 10)) {
      assertEquals(0, cli("ingest", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
          "--stream", "cam-cli", frames.toString()));
      s.awaitOutcomes(5, Duration.ofSeconds(120));
      assertEquals(5, s.collector.reconstructions().size());
    }

    Path pngs = tmp.resolve("exported");
    assertEquals(0, cli("export", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
        "--stream", "cam-cli", "--out", pngs.toString()));
    try (Stream<Path> files = Files.list(pngs)) {
      List<Path> out = files.sorted().toList();
      assertEquals(5, out.size());
      assertEquals(64, ImageFiles.read(out.get(0)).width());
    }
    Path y4m = tmp.resolve("exported.y4m");
    assertEquals(0, cli("export", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
        "--stream", "cam-cli", "--out", y4m.toString()));
    try (Y4mSource source = new Y4mSource(y4m)) {
      int n = 0;
      while (source.hasNext()) {
        source.next();
        n++;
      }
      assertEquals(5, n);
    }

    Topics topics = Topics.withPrefix(prefix);
    long t0 = System.currentTimeMillis();
    assertEquals(0, cli("replay", "--bootstrap-servers", bootstrap, "--from-topic", topics.txSymbols(),
        "--to-topic", "replayed-tx-symbols", "--speed", "0"));
    List<ConsumerRecord<byte[], byte[]>> original = readAll(bootstrap, topics.txSymbols());
    List<ConsumerRecord<byte[], byte[]>> replayed = readAll(bootstrap, "replayed-tx-symbols");
    assertEquals(original.size(), replayed.size());
    for (int i = 0; i < original.size(); i++) {
      assertEquals(new String(original.get(i).value(), java.nio.charset.StandardCharsets.ISO_8859_1),
          new String(replayed.get(i).value(), java.nio.charset.StandardCharsets.ISO_8859_1));
      assertTrue(replayed.get(i).timestamp() >= t0);
    }
  }

  @Test
  void anImplicitStreamIsExportedAtAnotherScaleAndAnyOtherCodecSaysItCannot() throws Exception {
    String prefix = "scale-";
    Path frames = Files.createDirectories(tmp.resolve("scale-frames"));
    SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), 72, 40, 2);
    for (int i = 0; i < 2; i++) {
      ImageFiles.writePng(video.frame(i), frames.resolve("frame" + (i + 1) + ".png"));
    }
    String bootstrap = broker.bootstrapServers();
    try (PipelineScenario s = new PipelineScenario(bootstrap, prefix, "cam-field", 10, "implicit-c16", false)) {
      assertEquals(0, cli("ingest", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
          "--stream", "cam-field", frames.toString()));
      s.awaitOutcomes(2, Duration.ofSeconds(120));
      assertEquals(2, s.collector.reconstructions().size());
    }
    Path twice = tmp.resolve("twice");
    assertEquals(0, cli("export", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
        "--stream", "cam-field", "--scale", "2", "--out", twice.toString()));
    try (Stream<Path> files = Files.list(twice)) {
      List<Path> out = files.sorted().toList();
      assertEquals(2, out.size());
      var img = ImageFiles.read(out.get(0));
      assertEquals(144, img.width());
      assertEquals(80, img.height());
    }
    assertEquals(1, cli("export", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
        "--stream", "cam-field", "--scale", "9", "--out", tmp.resolve("too-large").toString()));
  }

  @Test
  void aScaledExportOfACodecThatDrawsAtItsOwnSizeSaysSo() throws Exception {
    String prefix = "noscale-";
    Path frames = Files.createDirectories(tmp.resolve("noscale-frames"));
    ImageFiles.writePng(new SyntheticVideo(SyntheticVideo.samplePhoto(), 64, 64, 1).frame(0),
        frames.resolve("frame1.png"));
    String bootstrap = broker.bootstrapServers();
    try (PipelineScenario s = new PipelineScenario(bootstrap, prefix, "cam-fixed", 10, "softcast-c16", false)) {
      assertEquals(0, cli("ingest", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
          "--stream", "cam-fixed", frames.toString()));
      s.awaitOutcomes(1, Duration.ofSeconds(120));
    }
    assertEquals(1, cli("export", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
        "--stream", "cam-fixed", "--scale", "2", "--out", tmp.resolve("fixed").toString()));
  }

  @Test
  void exportOfAnUnknownStreamSaysSo() {
    assertEquals(1, cli("export", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", "none-",
        "--stream", "ghost", "--out", tmp.resolve("x").toString()));
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    p.put("isolation.level", "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
        : Long.compare(a.offset(), b.offset()));
    return out;
  }
}
