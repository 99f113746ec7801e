package io.semstream.codecs.semantic;

import io.semstream.codecs.layers.Tensors;

/** The link vector both ends condition on: SNR and the symbols each token carries, scaled to order one. */
final class Link {
  private Link() {}

  /** The SNR clamped as every network here sees it ({@link Tensors#NETWORK_SNR_MIN} to MAX, NaN as 0 dB). */
  static float[] of(double snrDb, int symbolsPerToken) {
    double s = Double.isNaN(snrDb) ? 0 : Math.max(Tensors.NETWORK_SNR_MIN, Math.min(Tensors.NETWORK_SNR_MAX, snrDb));
    return new float[] {(float) (s / SemanticNetwork.SNR_SCALE),
        symbolsPerToken / (float) SemanticNetwork.MAX_SYMBOLS};
  }
}
