package io.semstream.codecs.eval;

/**
 * One line of an evaluation: a codec on a channel at an SNR, averaged over a set of images.
 * {@code cbr} is what was measured (data symbols + side info), {@code cbrTarget} what was asked;
 * {@code lost} counts images the codec could not deliver (they score as a mid-grey concealment);
 * {@code nonFinite} counts, among those, images whose encoder or decoder output was NaN or infinite;
 * {@code taskAccuracy} is the share of reconstructions a machine task still gets right ({@link Task}), NaN
 * when the evaluation ran none.
 */
public record EvalRow(String codec, String channel, double snrDb, double cbrTarget, double cbr,
    double psnr, double msssim, int images, double sideInfoBits, int lost, int nonFinite, double taskAccuracy) {

  /** A row of an evaluation without a machine task. */
  public EvalRow(String codec, String channel, double snrDb, double cbrTarget, double cbr, double psnr,
      double msssim, int images, double sideInfoBits, int lost, int nonFinite) {
    this(codec, channel, snrDb, cbrTarget, cbr, psnr, msssim, images, sideInfoBits, lost, nonFinite, Double.NaN);
  }
}
