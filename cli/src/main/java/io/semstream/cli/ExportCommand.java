package io.semstream.cli;

import io.semstream.clients.ClientProperties;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.io.Y4mWriter;
import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.demo.TelemetryDemo;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.Bytes;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Topics;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", description = {
    "Write a stream's reconstructions as PNG files or a Y4M video; with --telemetry, its",
    "telemetry reconstructions as one CSV series.",
    "Reads what the topic holds now; PNG files go into a",
    "folder, or as one Y4M file (4:4:4) when --out ends in .y4m, in seq order."})
final class ExportCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--stream", required = true) String stream;

  @Option(names = "--out", required = true, paramLabel = "DIR|FILE.y4m") Path out;

  @Option(names = "--fps", defaultValue = "25", description = "Frame rate written in the Y4M header.") int fps;

  @Option(names = "--telemetry", description = "Export the stream's telemetry reconstructions to --out FILE.csv.")
  boolean telemetry;

  @Override
  public Integer call() throws Exception {
    KafkaOptions.validateBootstrap(kafka.bootstrapServers);
    Topics topics = Topics.withPrefix(kafka.topicPrefix);
    if (telemetry) {
      return exportTelemetry(topics);
    }
    TreeMap<Long, Reconstruction> bySeq = read(topics.reconstructions(), SemSerdes.reconstruction(),
        Reconstruction::getStreamId, Reconstruction::getSeq);
    if (bySeq.isEmpty()) {
      throw new IllegalArgumentException("no reconstructions of stream '" + stream + "' on " + topics.reconstructions());
    }
    boolean y4m = out.getFileName().toString().toLowerCase().endsWith(".y4m");
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("export").setInitialMax(bySeq.size())
        .setStyle(ProgressBarStyle.ASCII).build()) {
      if (y4m) {
        if (out.toAbsolutePath().getParent() != null) {
          Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out));
             Y4mWriter writer = new Y4mWriter(os, fps, 1, Y4mWriter.Chroma.C444)) {
          Integer w = null, h = null;
          for (Reconstruction r : bySeq.values()) {
            RgbImage img = ImageFiles.decode(Bytes.of(r.getPayload()));
            if (w == null) {
              w = img.width();
              h = img.height();
            } else if (img.width() != w || img.height() != h) {
              throw new IllegalArgumentException("frame " + r.getSeq() + " is " + img.width() + "x" + img.height()
                  + " but the Y4M is " + w + "x" + h + "; export a stream of mixed sizes to a folder instead");
            }
            writer.write(img);
            bar.step();
          }
        }
      } else {
        Files.createDirectories(out);
        for (Reconstruction r : bySeq.values()) {
          Files.write(out.resolve(String.format("%s-%06d.png", stream, r.getSeq())), Bytes.of(r.getPayload()));
          bar.step();
        }
      }
    }
    System.out.printf("exported %d reconstruction(s) of '%s' to %s%n", bySeq.size(), stream, out);
    return 0;
  }

  private int exportTelemetry(Topics topics) throws Exception {
    if (!out.getFileName().toString().toLowerCase().endsWith(".csv")) {
      throw new IllegalArgumentException("--telemetry writes one CSV file: --out must end in .csv, got " + out);
    }
    TreeMap<Long, TelemetryReconstruction> bySeq = read(topics.telemetryReconstructions(),
        SemSerdes.telemetryReconstruction(), TelemetryReconstruction::getStreamId, TelemetryReconstruction::getSeq);
    if (bySeq.isEmpty()) {
      throw new IllegalArgumentException("no telemetry reconstructions of stream '" + stream + "' on "
          + topics.telemetryReconstructions());
    }
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    try (java.io.Writer w = Files.newBufferedWriter(out, java.nio.charset.StandardCharsets.UTF_8)) {
      TelemetryCsv.write(TelemetryDemo.series(bySeq.values()), w);
    }
    System.out.printf("exported %d telemetry window(s) of '%s' to %s%n", bySeq.size(), stream, out);
    return 0;
  }

  private <T extends org.apache.avro.specific.SpecificRecord> TreeMap<Long, T> read(String topic, AvroSerde<T> serde,
      java.util.function.Function<T, String> streamOf, java.util.function.ToLongFunction<T> seqOf) throws Exception {
    Properties p = ClientProperties.reader(kafka.bootstrapServers, kafka.properties());
    TreeMap<Long, T> bySeq = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("topic '" + topic + "' does not exist");
      }
      List<TopicPartition> parts = new ArrayList<>();
      infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          try {
            T rec = serde.fromBytes(r.value());
            if (rec != null && stream.equals(streamOf.apply(rec))) {
              bySeq.put(seqOf.applyAsLong(rec), rec);
            }
          } catch (RuntimeException e) {
            System.err.println("skipping unreadable record at " + r.topic() + "-" + r.partition() + "@" + r.offset()
                + ": " + e.getMessage());
          }
        }
      }
    }
    return bySeq;
  }
}
