package io.semstream.codecs.eval;

/**
 * One line of a telemetry evaluation: a codec at a CBR on a channel at an SNR, over every window of every
 * series. {@code nmseDb} is 10·log10 of the mean over series of each one's NMSE (lost windows scored as
 * concealed);
 * {@code cbr} the measured channel uses per sample; {@code power} the mean power per channel use sent.
 */
public record TelemetryEvalRow(String codec, String channel, double snrDb, double cbrTarget, double cbr,
    double nmseDb, int windows, int lost, double power) {}
