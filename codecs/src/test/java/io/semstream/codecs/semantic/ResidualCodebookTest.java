package io.semstream.codecs.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResidualCodebookTest {
  private static final int DIM = 8;

  static float[] gaussian(SplittableRandom rng, int n) {
    float[] v = new float[n * DIM];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return v;
  }

  static ResidualCodebook learnt(int stages, float[] data, int n, int updates) {
    float[][] books = new float[stages][];
    float[] residual = data.clone();
    for (int s = 0; s < stages; s++) {
      ResidualCodebook.Learner l = new ResidualCodebook.Learner(DIM, residual, n, s);
      for (int u = 0; u < updates; u++) {
        l.update(residual, n);
      }
      books[s] = l.codebook();
      ResidualCodebook one = new ResidualCodebook(1, DIM, new float[][] {books[s]});
      float[] rebuilt = one.decode(one.encode(residual, n, 1), n, 1);
      for (int i = 0; i < residual.length; i++) {
        residual[i] -= rebuilt[i];
      }
    }
    return new ResidualCodebook(stages, DIM, books);
  }

  @Test
  void everyStageLowersTheErrorAndTheCodebookSurvivesFloat16() throws IOException {
    SplittableRandom rng = new SplittableRandom(1);
    int n = 4096;
    float[] data = gaussian(rng, n);
    ResidualCodebook book = learnt(3, data, n, 8);
    double previous = Double.POSITIVE_INFINITY;
    for (int m = 1; m <= 3; m++) {
      float[] rebuilt = book.decode(book.encode(data, n, m), n, m);
      double err = 0;
      for (int i = 0; i < data.length; i++) {
        err += (data[i] - rebuilt[i]) * (data[i] - rebuilt[i]);
      }
      assertTrue(err < previous, "stage " + m + ": " + err + " after " + previous);
      previous = err;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    book.save(out);
    ResidualCodebook back = ResidualCodebook.load(new ByteArrayInputStream(out.toByteArray()));
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    back.save(again);
    assertArrayEquals(out.toByteArray(), again.toByteArray(), "float16 entries round-trip exactly");
    assertEquals(3, back.stages());
  }

  @Test
  void unusedEntriesAreRestartedFromTheData() {
    // Seeded from one cluster, fed another: entries that nothing picks die and come back as data vectors.
    SplittableRandom rng = new SplittableRandom(2);
    int n = 2048;
    float[] seed = gaussian(rng, n);
    ResidualCodebook.Learner l = new ResidualCodebook.Learner(DIM, seed, n, 3);
    float[] shifted = gaussian(rng, n);
    for (int i = 0; i < shifted.length; i += DIM) {
      shifted[i] += 6;
    }
    for (int u = 0; u < 400; u++) {
      l.update(shifted, n);
    }
    assertTrue(l.restarts() > 0, "no restart");
    assertTrue(l.live() > ResidualCodebook.ENTRIES / 2, l.live() + " live entries");
  }

  @Test
  void indicesOutsideTheCodebookAreRefused() {
    ResidualCodebook book = learnt(1, gaussian(new SplittableRandom(4), 1024), 1024, 1);
    assertThrows(IllegalArgumentException.class, () -> book.decode(new int[] {ResidualCodebook.ENTRIES}, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> book.encode(new float[DIM], 1, 2));
  }
}
