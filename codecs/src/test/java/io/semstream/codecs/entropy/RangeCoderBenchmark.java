package io.semstream.codecs.entropy;

import java.util.Random;

/**
 * Prints range-coder speed and size overhead against the ideal −Σlog2 p for a few tables. Not a test:
 * run with {@code java -cp codecs/target/classes:codecs/target/test-classes:<schemas classes>
 * io.semstream.codecs.entropy.RangeCoderBenchmark [symbols]}.
 */
public final class RangeCoderBenchmark {
  private RangeCoderBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    Random rnd = new Random(1);
    double[] skewed = new double[16];
    java.util.Arrays.fill(skewed, 1e-4 / 15);
    skewed[0] = 0.9999;
    String[] names = {"binary 0.3/0.7", "gauss s=0.2", "gauss s=3", "gauss s=40", "skewed 99.99%", "uniform 4096"};
    Cdf[] tables = {
        Cdf.fromProbabilities(new double[] {0.3, 0.7}),
        Cdf.discretisedGaussian(0, 0.2, -4, 4),
        Cdf.discretisedGaussian(0, 3, -20, 20),
        Cdf.discretisedGaussian(0, 40, -300, 300),
        Cdf.fromProbabilities(skewed),
        Cdf.uniform(4096),
    };
    System.out.printf("%-16s %10s %12s %12s %14s %12s%n", "table", "bits/sym", "enc Msym/s", "dec Msym/s",
        "ideal bytes", "overhead");
    for (int t = 0; t < tables.length; t++) {
      Cdf cdf = tables[t];
      int[] symbols = new int[n];
      double ideal = 0;
      for (int i = 0; i < n; i++) {
        symbols[i] = cdf.find(rnd.nextInt(cdf.total()));
        ideal += cdf.bits(symbols[i]);
      }
      byte[] bytes = null;
      long encBest = Long.MAX_VALUE;
      long decBest = Long.MAX_VALUE;
      for (int rep = 0; rep < 4; rep++) {
        long t0 = System.nanoTime();
        RangeEncoder enc = new RangeEncoder(n / 4);
        for (int s : symbols) {
          enc.encode(s, cdf);
        }
        bytes = enc.finish();
        long t1 = System.nanoTime();
        RangeDecoder dec = new RangeDecoder(bytes);
        long check = 0;
        for (int i = 0; i < n; i++) {
          check += dec.decode(cdf) - symbols[i];
        }
        dec.finish();
        long t2 = System.nanoTime();
        if (check != 0) {
          throw new AssertionError("mismatch");
        }
        encBest = Math.min(encBest, t1 - t0);
        decBest = Math.min(decBest, t2 - t1);
      }
      System.out.printf("%-16s %10.4f %12.1f %12.1f %14.0f %+11.4f%%%n", names[t], ideal / n, n / (encBest / 1e3),
          n / (decBest / 1e3), ideal / 8, 100 * (8.0 * bytes.length - ideal) / ideal);
    }
  }
}
