package io.semstream.demo;

import io.semstream.ingest.FrameSize;
import io.semstream.topology.tx.AdaptationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Everything {@code semstream demo} can be told. {@code input} null = the synthetic video;
 * {@code designSnrDb} NaN = classical codecs pick their MCS for the link's SNR;
 * {@code adaptation} null = {@link AdaptationSettings#OFF}; {@code view} null = no live viewer.
 */
public record DemoOptions(String input, int frames, FrameSize size, double snrDb, String channel,
    String codecId, String bootstrapServers, Path json, Path out, String streamId, Duration timeout,
    Properties kafkaOverrides, boolean progress, double designSnrDb,
    AdaptationSettings adaptation, DemoView view) {}
