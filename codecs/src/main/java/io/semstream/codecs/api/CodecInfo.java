package io.semstream.codecs.api;

/**
 * What a codec is: its registry id, its family (DESIGN §5), the CBR it targets and a one-line
 * description for {@code semstream codecs}.
 */
public record CodecInfo(String id, String family, double cbrTarget, String description) {}
