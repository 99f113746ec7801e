package io.semstream.topology;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.topology.tx.AdaptationSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What the three roles need beyond topic names. Build with {@link #builder()}; every field has a
 * default except {@code codecId} and {@code telemetryCodecId}, of which the transmitter needs one.
 *
 * @param runSeed seeds every random draw of the channel, with (streamId, seq) (DESIGN §4)
 * @param codecId the codec the transmitter encodes every stream with; {@code null} is allowed for
 *     the channel and receiver roles (the receiver takes each packet's codec id)
 * @param defaultChannel the link of a stream that has no channel-state record yet
 * @param partitions partition count of every pipeline topic
 * @param keepReferenceFrames whether the receiver reads {@code frames} to report PSNR / MS-SSIM
 * @param computeMsSsim MS-SSIM costs far more than PSNR on big frames; off leaves it null
 * @param metricsWindow tumbling window of {@code LinkMetrics}, in reconstruction (wall-clock) time
 * @param holdBufferPackets per stream, packets waiting for a decoder version; past it the oldest
 *     is decoded with the newest version and flagged stale
 * @param referenceBufferFrames per stream, reference frames kept while their packets are in flight
 * @param maxRecordBytes largest value a processor emits; a bigger one goes to dead-letter with the
 *     reason rather than failing the producer. Keep it at or below the producer's
 *     {@code max.request.size} and the topics' {@code max.message.bytes}
 * @param telemetryCodecId the codec the transmitter encodes telemetry windows with ({@code linear-c16},
 *     {@code implicit-c4}, ...); {@code null}: the transmitter reads no telemetry
 * @param designSnrDb the digital telemetry chain's design SNR; NaN: each window's link SNR
 */
public record PipelineConfig(
    long runSeed,
    String codecId,
    ChannelConfig defaultChannel,
    int partitions,
    boolean keepReferenceFrames,
    boolean computeMsSsim,
    Duration metricsWindow,
    int holdBufferPackets,
    int referenceBufferFrames,
    int maxRecordBytes,
    AdaptationSettings adaptation,
    String telemetryCodecId,
    double designSnrDb) {

  public static final long DEFAULT_RUN_SEED = 1L;
  public static final double DEFAULT_SNR_DB = 10.0;

  public PipelineConfig {
    Objects.requireNonNull(defaultChannel, "defaultChannel");
    Objects.requireNonNull(metricsWindow, "metricsWindow");
    Objects.requireNonNull(adaptation, "adaptation");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    if (metricsWindow.toMillis() < 1) {
      throw new IllegalArgumentException("metricsWindow must be at least 1 ms, got " + metricsWindow);
    }
    if (holdBufferPackets < 0) {
      throw new IllegalArgumentException("holdBufferPackets must be >= 0, got " + holdBufferPackets);
    }
    if (referenceBufferFrames < 1) {
      throw new IllegalArgumentException("referenceBufferFrames must be >= 1, got " + referenceBufferFrames);
    }
    if (maxRecordBytes < 1024) {
      throw new IllegalArgumentException("maxRecordBytes must be at least 1024, got " + maxRecordBytes);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .runSeed(runSeed)
        .codecId(codecId)
        .defaultChannel(defaultChannel)
        .partitions(partitions)
        .keepReferenceFrames(keepReferenceFrames)
        .computeMsSsim(computeMsSsim)
        .metricsWindow(metricsWindow)
        .holdBufferPackets(holdBufferPackets)
        .referenceBufferFrames(referenceBufferFrames)
        .maxRecordBytes(maxRecordBytes)
        .adaptation(adaptation)
        .telemetryCodecId(telemetryCodecId)
        .designSnrDb(designSnrDb);
  }

  public static final class Builder {
    private long runSeed = DEFAULT_RUN_SEED;
    private String codecId;
    private ChannelConfig defaultChannel = ChannelConfig.awgn(DEFAULT_SNR_DB);
    private int partitions = 1;
    private boolean keepReferenceFrames = true;
    private boolean computeMsSsim = true;
    private Duration metricsWindow = Duration.ofSeconds(1);
    private int holdBufferPackets = 32;
    private int referenceBufferFrames = 64;
    private int maxRecordBytes = StreamsSettings.MAX_RECORD_BYTES - StreamsSettings.RECORD_OVERHEAD_BYTES;
    private AdaptationSettings adaptation = AdaptationSettings.OFF;
    private String telemetryCodecId;
    private double designSnrDb = Double.NaN;

    private Builder() {}

    public Builder runSeed(long v) { runSeed = v; return this; }
    public Builder codecId(String v) { codecId = v; return this; }
    public Builder defaultChannel(ChannelConfig v) { defaultChannel = v; return this; }
    public Builder partitions(int v) { partitions = v; return this; }
    public Builder keepReferenceFrames(boolean v) { keepReferenceFrames = v; return this; }
    public Builder computeMsSsim(boolean v) { computeMsSsim = v; return this; }
    public Builder metricsWindow(Duration v) { metricsWindow = v; return this; }
    public Builder holdBufferPackets(int v) { holdBufferPackets = v; return this; }
    public Builder referenceBufferFrames(int v) { referenceBufferFrames = v; return this; }
    public Builder maxRecordBytes(int v) { maxRecordBytes = v; return this; }
    public Builder adaptation(AdaptationSettings v) { adaptation = v; return this; }
    public Builder telemetryCodecId(String v) { telemetryCodecId = v; return this; }
    public Builder designSnrDb(double v) { designSnrDb = v; return this; }

    public PipelineConfig build() {
      return new PipelineConfig(runSeed, codecId, defaultChannel, partitions, keepReferenceFrames,
          computeMsSsim, metricsWindow, holdBufferPackets, referenceBufferFrames, maxRecordBytes, adaptation,
          telemetryCodecId, designSnrDb);
    }
  }
}
