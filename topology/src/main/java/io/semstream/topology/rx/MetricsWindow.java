package io.semstream.topology.rx;

import io.semstream.codecs.metrics.Percentiles;
import io.semstream.schemas.LinkMetrics;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.TelemetryReconstruction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one stream's reconstructions of one window add up to so far. Latencies are kept one by one
 * because percentiles cannot be merged from summaries; at video rates a one-second window holds a
 * few dozen.
 */
final class MetricsWindow {
  private static final byte FORMAT = 3;

  final String streamId;
  final long start;
  private long frames;
  private long lost;
  private long nonFinite;
  private long psnrCount;
  private double psnrSum;
  private double cbrSum;
  private double deltaUses;
  private double totalUses;
  private long modelVersion;
  private long[] latencies;
  private long nmseCount;
  private double nmseSum;

  MetricsWindow(String streamId, long start) {
    this(streamId, start, 0, 0, 0, 0, 0, 0, 0, 0, 0, new long[0], 0, 0);
  }

  private MetricsWindow(String streamId, long start, long frames, long lost, long nonFinite, long psnrCount,
      double psnrSum, double cbrSum, double deltaUses, double totalUses, long modelVersion, long[] latencies,
      long nmseCount, double nmseSum) {
    this.streamId = streamId;
    this.start = start;
    this.frames = frames;
    this.lost = lost;
    this.nonFinite = nonFinite;
    this.psnrCount = psnrCount;
    this.psnrSum = psnrSum;
    this.cbrSum = cbrSum;
    this.deltaUses = deltaUses;
    this.totalUses = totalUses;
    this.modelVersion = modelVersion;
    this.latencies = latencies;
    this.nmseCount = nmseCount;
    this.nmseSum = nmseSum;
  }

  /** A telemetry window: counted as a frame; its NMSE averaged linearly, reported in dB. */
  void add(TelemetryReconstruction r) {
    frames++;
    if (r.getLost()) {
      lost++;
    }
    if (r.getNonFinite()) {
      nonFinite++;
    }
    if (r.getNmseDb() != null) {
      nmseCount++;
      nmseSum += Math.pow(10, r.getNmseDb() / 10);
    }
    cbrSum += r.getCbr();
    latencies = Arrays.copyOf(latencies, latencies.length + 1);
    latencies[latencies.length - 1] = r.getLatencyMs();
  }

  void add(Reconstruction r) {
    frames++;
    if (r.getLost()) {
      lost++;
    }
    if (r.getNonFinite()) {
      nonFinite++;
    }
    if (r.getPsnr() != null) {
      psnrCount++;
      psnrSum += r.getPsnr();
    }
    double dimension = 3.0 * r.getWidth() * r.getHeight();
    cbrSum += r.getCbr();
    totalUses += r.getCbr() * dimension;
    deltaUses += r.getCbrDelta() * dimension;
    modelVersion = r.getModelVersion();
    latencies = Arrays.copyOf(latencies, latencies.length + 1);
    latencies[latencies.length - 1] = r.getLatencyMs();
  }

  LinkMetrics toLinkMetrics(long end) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return LinkMetrics.newBuilder()
        .setStreamId(streamId)
        .setWindowStart(start)
        .setWindowEnd(end)
        .setFrames(frames)
        .setMeanPsnr(psnrCount == 0 ? null : psnrSum / psnrCount)
        .setMeanCbr(frames == 0 ? 0 : cbrSum / frames)
        .setDeltaOverhead(totalUses > 0 ? deltaUses / totalUses : 0)
        .setLatencyP50Ms(percentile(sorted, 0.50))
        .setLatencyP95Ms(percentile(sorted, 0.95))
        .setLatencyP99Ms(percentile(sorted, 0.99))
        .setLostFrames(lost)
        .setNonFiniteFrames(nonFinite)
        .setModelVersion(modelVersion)
        .setMeanNmseDb(nmseCount == 0 ? null : 10 * Math.log10(nmseSum / nmseCount))
        .build();
  }

  static double percentile(long[] sorted, double p) {
    return Percentiles.nearestRank(sorted, p);
  }

  static final class StoreSerde implements Serde<MetricsWindow> {
    @Override
    public Serializer<MetricsWindow> serializer() {
      return (topic, w) -> {
        if (w == null) {
          return null;
        }
        byte[] id = w.streamId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + id.length + 8 * 10 + 4 + 8 * w.latencies.length + 16);
        b.put(FORMAT).putInt(id.length).put(id).putLong(w.start).putLong(w.frames).putLong(w.lost)
            .putLong(w.nonFinite)
            .putLong(w.psnrCount).putDouble(w.psnrSum).putDouble(w.cbrSum).putDouble(w.deltaUses)
            .putDouble(w.totalUses).putLong(w.modelVersion).putInt(w.latencies.length);
        for (long l : w.latencies) {
          b.putLong(l);
        }
        b.putLong(w.nmseCount).putDouble(w.nmseSum);
        return b.array();
      };
    }

    @Override
    public Deserializer<MetricsWindow> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        try {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          byte format = b.get();
          // Formats 1 (before non-finite frames were counted) and 2 (before telemetry's NMSE) are still read:
          // a changelog may hold them.
          if (format < 1 || format > FORMAT) {
            throw new SerializationException("metrics window has format " + format + ", expected 1 to " + FORMAT);
          }
          byte[] id = new byte[b.getInt()];
          b.get(id);
          String streamId = new String(id, StandardCharsets.UTF_8);
          long start = b.getLong();
          long frames = b.getLong();
          long lost = b.getLong();
          long nonFinite = format == 1 ? 0 : b.getLong();
          long psnrCount = b.getLong();
          double psnrSum = b.getDouble();
          double cbrSum = b.getDouble();
          double deltaUses = b.getDouble();
          double totalUses = b.getDouble();
          long modelVersion = b.getLong();
          long[] latencies = new long[b.getInt()];
          for (int i = 0; i < latencies.length; i++) {
            latencies[i] = b.getLong();
          }
          long nmseCount = format >= 3 ? b.getLong() : 0;
          double nmseSum = format >= 3 ? b.getDouble() : 0;
          return new MetricsWindow(streamId, start, frames, lost, nonFinite, psnrCount, psnrSum, cbrSum, deltaUses, totalUses,
              modelVersion, latencies, nmseCount, nmseSum);
        } catch (RuntimeException e) {
          throw new SerializationException("corrupt metrics window: " + e, e);
        }
      };
    }
  }
}
