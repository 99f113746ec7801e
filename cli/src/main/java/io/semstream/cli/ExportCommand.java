package io.semstream.cli;

import io.semstream.clients.ClientProperties;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.ScalableDecoder;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.implicit.ImplicitFrameCodec;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.codecs.image.RgbImage;
import io.semstream.io.Y4mWriter;
import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.demo.TelemetryDemo;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
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
import java.util.HashMap;
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

  @Option(names = "--scale", paramLabel = "S", description = "Draw the frames at S times their size (0 < S <= 8) "
      + "from what the receiver got (the rx-symbols topic), for codecs whose reconstruction is a field: the implicit "
      + "family. Default: the reconstructions as they are.") Double scale;

  @Option(names = "--telemetry", description = "Export the stream's telemetry reconstructions to --out FILE.csv.")
  boolean telemetry;

  @Override
  public Integer call() throws Exception {
    KafkaOptions.validateBootstrap(kafka.bootstrapServers);
    Topics topics = Topics.withPrefix(kafka.topicPrefix);
    if (telemetry) {
      if (scale != null) {
        throw new IllegalArgumentException("--scale draws frames; it does not apply to --telemetry");
      }
      return exportTelemetry(topics);
    }
    if (scale != null) {
      return exportScaled(topics);
    }
    TreeMap<Long, Reconstruction> bySeq = read(topics.reconstructions(), SemSerdes.reconstruction(),
        Reconstruction::getStreamId, Reconstruction::getSeq);
    if (bySeq.isEmpty()) {
      throw new IllegalArgumentException("no reconstructions of stream '" + stream + "' on " + topics.reconstructions());
    }
    write(bySeq, r -> ImageFiles.decode(Bytes.of(r.getPayload())), r -> Bytes.of(r.getPayload()));
    System.out.printf("exported %d reconstruction(s) of '%s' to %s%n", bySeq.size(), stream, out);
    return 0;
  }

  /**
   * Decodes what the receiver got (the rx-symbols topic) again, at {@code --scale}: only a codec whose
   * reconstruction is a continuous field can draw it at another size than the source's.
   */
  private int exportScaled(Topics topics) throws Exception {
    if (!(scale > 0) || scale > ImplicitFrameCodec.MAX_SCALE) {
      throw new IllegalArgumentException("--scale must be above 0 and at most " + ImplicitFrameCodec.MAX_SCALE
          + ", got " + scale);
    }
    TreeMap<Long, RxPacket> bySeq = read(topics.rxSymbols(), SemSerdes.rxPacket(), RxPacket::getStreamId,
        RxPacket::getSeq);
    if (bySeq.isEmpty()) {
      throw new IllegalArgumentException("no received packets of stream '" + stream + "' on " + topics.rxSymbols());
    }
    CodecRegistry registry = CodecRegistry.standard();
    Map<String, Codec> codecs = new HashMap<>();
    try {
      java.util.function.Function<RxPacket, RgbImage> draw = p -> {
        Codec codec = codecs.computeIfAbsent(p.getCodecId(), registry::create);
        if (!(codec instanceof ScalableDecoder field)) {
          throw new IllegalArgumentException("stream '" + stream + "' was sent with " + p.getCodecId() + ", which "
              + "draws pictures at their own size only; --scale applies to codecs whose reconstruction is a field "
              + "(implicit-cN)");
        }
        return field.decode(p, scale);
      };
      write(bySeq, draw, p -> ImageFiles.encodePng(draw.apply(p)));
    } finally {
      codecs.values().forEach(Codec::close);
    }
    System.out.printf("exported %d frame(s) of '%s' drawn at %.4g x to %s%n", bySeq.size(), stream, scale, out);
    return 0;
  }

  /** Writes the frames in seq order: a Y4M file when --out ends in .y4m, PNG files in the folder --out otherwise. */
  private <T> void write(TreeMap<Long, T> bySeq, java.util.function.Function<T, RgbImage> image,
      java.util.function.Function<T, byte[]> png) throws Exception {
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
          for (Map.Entry<Long, T> e : bySeq.entrySet()) {
            RgbImage img = image.apply(e.getValue());
            if (w == null) {
              w = img.width();
              h = img.height();
            } else if (img.width() != w || img.height() != h) {
              throw new IllegalArgumentException("frame " + e.getKey() + " is " + img.width() + "x" + img.height()
                  + " but the Y4M is " + w + "x" + h + "; export a stream of mixed sizes to a folder instead");
            }
            writer.write(img);
            bar.step();
          }
        }
      } else {
        Files.createDirectories(out);
        for (Map.Entry<Long, T> e : bySeq.entrySet()) {
          Files.write(out.resolve(String.format("%s-%06d.png", stream, e.getKey())), png.apply(e.getValue()));
          bar.step();
        }
      }
    }
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
