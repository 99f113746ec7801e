package io.semstream.codecs.eval;

/**
 * One line of an evaluation: a codec on a channel at an SNR, averaged over a set of images.
 * {@code cbr} is what was measured (data symbols + side info), {@code cbrTarget} what was asked;
 * {@code lost} counts images the codec could not deliver (they score as a mid-grey concealment);
 * {@code nonFinite} counts, among those, images whose encoder or decoder output was NaN or infinite.
 */
public record EvalRow(String codec, String channel, double snrDb, double cbrTarget, double cbr,
    double psnr, double msssim, int images, double sideInfoBits, int lost, int nonFinite) {}
