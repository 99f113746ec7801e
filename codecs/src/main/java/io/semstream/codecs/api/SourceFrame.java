package io.semstream.codecs.api;

import io.semstream.codecs.image.RgbImage;

/** A decoded input frame and where it belongs. */
public record SourceFrame(String streamId, long seq, long captureTimestamp, RgbImage image) {}
