package io.semstream.demo;

import io.semstream.schemas.Reconstruction;

/**
 * The part of a stream's channel uses that carried model deltas rather than frames. A record's CBRs are
 * fractions of its own source dimension, so they are weighted by it: frames of different sizes (a folder
 * of odd-sized pictures) then count by what they actually put on the channel.
 */
final class DeltaShare {
  private DeltaShare() {}

  /** Σ cbrDelta·dimension / Σ cbr·dimension; 0 when nothing was sent (nothing of it was deltas). */
  static double of(Iterable<Reconstruction> reconstructions) {
    double delta = 0;
    double all = 0;
    for (Reconstruction r : reconstructions) {
      // The colour planes are the same factor in both sums, so pixels suffice as the dimension.
      double dimension = (double) r.getWidth() * r.getHeight();
      delta += r.getCbrDelta() * dimension;
      all += r.getCbr() * dimension;
    }
    return all > 0 ? delta / all : 0.0;
  }
}
