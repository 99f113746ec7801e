package io.semstream.ingest;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.io.FrameSource;
import io.semstream.io.FrameSourceException;
import io.semstream.schemas.Frame;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the frames of a source to the frames topic, keyed by stream id, with consecutive seq
 * numbers. A frame too large for the producer is refused with a message naming the limit; a source
 * that fails mid-way (a truncated file) keeps every frame sent before the failure.
 */
public final class FramePublisher implements AutoCloseable {

  /** What was sent, and the error that stopped the source, if any. */
  public record Result(int published, List<RgbImage> frames, String sourceError) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final int maxRecordBytes;
  private final AvroSerde<Frame> serde = SemSerdes.frame();

  public FramePublisher(String bootstrapServers, String topic, Properties overrides) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    if (overrides != null) {
      p.putAll(overrides);
    }
    this.maxRecordBytes = Integer.parseInt(String.valueOf(
        p.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(1024 * 1024))));
    this.producer = new KafkaProducer<>(p);
    this.topic = topic;
  }

  /**
   * Sends up to {@code maxFrames} frames (≤ 0: all). With {@code fps} > 0 the frames are paced in
   * real time. {@code keep} retains the sent pictures (the demo compares against them).
   */
  public Result publish(String streamId, FrameSource source, PayloadFormat format, FrameSize resize,
      double fps, int maxFrames, long firstSeq, boolean keep, boolean progress, PrintStream err) {
    List<RgbImage> kept = new ArrayList<>();
    List<Future<RecordMetadata>> pending = new ArrayList<>();
    long start = System.currentTimeMillis();
    int total = maxFrames > 0 ? maxFrames : source.totalFrames().orElse(-1);
    String sourceError = null;
    int sent = 0;
    ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("ingest " + streamId)
        .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build() : null;
    try {
      while (maxFrames <= 0 || sent < maxFrames) {
        RgbImage image;
        try {
          if (!source.hasNext()) {
            break;
          }
          image = source.next();
        } catch (FrameSourceException e) {
          sourceError = e.getMessage();
          break;
        }
        if (resize != null) {
          image = ImageScaler.scale(image, resize.width(), resize.height());
        }
        long seq = firstSeq + sent;
        long capture = fps > 0 ? start + Math.round(sent * 1000.0 / fps) : System.currentTimeMillis();
        if (fps > 0) {
          long wait = capture - System.currentTimeMillis();
          if (wait > 0) {
            sleep(wait);
          }
        }
        byte[] value = serde.toBytes(toFrame(streamId, seq, capture, image, format));
        if (value.length > maxRecordBytes - 512) {
          throw new FrameTooLargeException(seq, value.length, maxRecordBytes);
        }
        pending.add(producer.send(new ProducerRecord<>(topic, null, capture,
            streamId.getBytes(StandardCharsets.UTF_8), value)));
        if (pending.size() >= 256) {
          // A long paced stream must not keep a future per frame: check the finished ones and let them go.
          for (Future<RecordMetadata> f : pending) {
            if (f.isDone()) {
              f.get();
            }
          }
          pending.removeIf(Future::isDone);
        }
        if (keep) {
          kept.add(image);
        }
        sent++;
        if (bar != null) {
          bar.step();
        }
      }
      producer.flush();
      for (Future<RecordMetadata> f : pending) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing frames", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka refused a frame: " + e.getCause().getMessage(), e.getCause());
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
    if (sourceError != null && err != null) {
      err.println("warning: " + sourceError + " — the " + sent + " complete frames before it were sent");
    }
    return new Result(sent, kept, sourceError);
  }

  static Frame toFrame(String streamId, long seq, long capture, RgbImage image, PayloadFormat format) {
    byte[] payload = switch (format) {
      case RAW -> image.rgb();
      case PNG -> ImageFiles.encodePng(image);
      case JPEG -> ImageFiles.encodeJpeg(image, 0.95f);
    };
    return Frame.newBuilder()
        .setStreamId(streamId)
        .setSeq(seq)
        .setCaptureTimestamp(capture)
        .setWidth(image.width())
        .setHeight(image.height())
        .setPixelFormat(format.pixelFormat())
        .setPayload(ByteBuffer.wrap(payload))
        .build();
  }

  private static void sleep(long ms) throws InterruptedException {
    Thread.sleep(ms);
  }

  @Override
  public void close() {
    producer.close();
  }
}
