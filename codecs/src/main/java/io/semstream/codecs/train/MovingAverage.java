package io.semstream.codecs.train;

/** What the trainers' progress bars show: an exponential moving average, seeded by the first value. */
final class MovingAverage {
  double value = Double.NaN;

  void add(double v) {
    value = Double.isNaN(value) ? v : 0.98 * value + 0.02 * v;
  }
}
