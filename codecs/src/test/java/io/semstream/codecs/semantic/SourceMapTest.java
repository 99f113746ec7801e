package io.semstream.codecs.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.entropy.RangeDecoder;
import io.semstream.codecs.entropy.RangeEncoder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SourceMapTest {

  @Test
  void mapsOfMergedTilesRoundTripAndCostAboutABitAPatch() {
    SplittableRandom rng = new SplittableRandom(11);
    long bits = 0;
    int maps = 0;
    for (int trial = 0; trial < 40; trial++) {
      int k = 10 + rng.nextInt(21);
      int[] map = merged(rng, k);
      RangeEncoder out = new RangeEncoder();
      SourceMap.encode(out, map, 8, 8, k);
      byte[] bytes = out.finish();
      bits += 8L * bytes.length;
      maps++;
      assertArrayEquals(map, SourceMap.decode(new RangeDecoder(bytes), 8, 8, k));
    }
    double perPatch = bits / (double) maps / 64;
    assertTrue(perPatch < 2.0, perPatch + " bits a patch");
  }

  @Test
  void severalMapsShareOneStream() {
    SplittableRandom rng = new SplittableRandom(5);
    int[] a = merged(rng, 12), b = merged(rng, 12);
    RangeEncoder out = new RangeEncoder();
    SourceMap.encode(out, a, 8, 8, 12);
    SourceMap.encode(out, b, 8, 8, 12);
    RangeDecoder in = new RangeDecoder(out.finish());
    assertArrayEquals(a, SourceMap.decode(in, 8, 8, 12));
    assertArrayEquals(b, SourceMap.decode(in, 8, 8, 12));
  }

  @Test
  void aMapDecodedForTheWrongTokenCountIsAnError() {
    int[] map = merged(new SplittableRandom(2), 20);
    RangeEncoder out = new RangeEncoder();
    SourceMap.encode(out, map, 8, 8, 20);
    byte[] bytes = out.finish();
    assertThrows(RuntimeException.class, () -> SourceMap.decode(new RangeDecoder(bytes), 8, 8, 25));
  }

  /** A map as the tokenizer makes them: random features, merged to k. */
  static int[] merged(SplittableRandom rng, int k) {
    TokenGroups g = TokenGroups.patches(8, 8);
    while (g.count() > k) {
      float[] f = new float[g.count() * 4];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) rng.nextGaussian();
      }
      g.mergeRound(f, 4, Math.min(g.count() - k, g.count() / 2));
    }
    return g.sourceMap();
  }
}
