package io.semstream.codecs.explicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.entropy.Cdf;
import io.semstream.codecs.entropy.EntropyBottleneck;
import io.semstream.codecs.entropy.EntropyCodingException;
import io.semstream.codecs.entropy.GaussianConditional;
import io.semstream.codecs.entropy.GaussianScaleTable;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Entropy bottleneck, Gaussian conditional, rate allocator and side-info coding on their own. */
class ExplicitLayersTest {

  @Test
  void bottleneckTablesMatchItsTrainingLikelihood() {
    try (Model model = bottleneckModel(4)) {
      EntropyBottleneck eb = (EntropyBottleneck) model.getBlock();
      // Move away from the symmetric initial state so each channel has its own density.
      var params = eb.getParameters();
      SplittableRandom r = new SplittableRandom(1);
      for (var p : params) {
        NDArray a = p.getValue().getArray();
        float[] v = a.toFloatArray();
        for (int i = 0; i < v.length; i++) {
          v[i] += (float) (r.nextDouble() - 0.5);
        }
        a.set(java.nio.FloatBuffer.wrap(v));
      }
      int range = 8;
      Cdf[] tables = eb.tables(range);
      assertEquals(4, tables.length);
      int[][] freqs = eb.frequencyTables(range);
      for (int c = 0; c < 4; c++) {
        assertArrayEquals(freqs[c], tables[c].frequencies());
        assertEquals(tables[c], EntropyBottleneck.fromFrequencies(freqs, range)[c]);
      }
      try (NDManager scope = model.getNDManager().newSubManager()) {
        float[] v = new float[4 * 9];
        for (int i = 0; i < v.length; i++) {
          v[i] = (i % 9) - 4;
        }
        // [1,4,3,3]: channel c holds the values −4..4.
        NDArray z = scope.create(v, new Shape(1, 4, 3, 3));
        NDList out = eb.forward(new ParameterStore(scope, false), new NDList(z), false);
        assertArrayEquals(v, out.get(0).toFloatArray());
        float[] p = out.get(1).toFloatArray();
        int differ = 0;
        for (int i = 0; i < v.length; i++) {
          Cdf t = tables[i / 9];
          double q = t.probability(t.symbolOf((long) v[i]));
          // 16-bit quantisation: absolute error about 2^-16 per bin, plus float vs double.
          assertEquals(p[i], q, 2e-4, "channel " + i / 9 + " value " + v[i]);
          if (Math.abs(p[i] - p[(i + 9) % v.length]) > 1e-3) {
            differ++;
          }
        }
        assertTrue(differ > 0, "channels should have different densities");
      }
    }
  }

  @Test
  void gaussianConditionalAgreesWithTheScaleTable() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] values = {0, 1, -2, 3, 0, 3};
      float[] scales = {0.5f, 1f, 2f, 4f, 0.01f, 1f};
      float[] p = GaussianConditional.likelihood(m.create(values), m.create(scales)).toFloatArray();
      int[] ints = {0, 1, -2, 3, 0, 3};
      double[] bits = GaussianConditional.codeLengths(ints, scales);
      GaussianScaleTable table = GaussianScaleTable.standard();
      for (int i = 0; i < values.length; i++) {
        double expected = Math.max(GaussianConditional.MIN_SCALE, scales[i]);
        double phi = 0.5 * (erf((values[i] + 0.5) / expected / Math.sqrt(2)) - erf((values[i] - 0.5) / expected / Math.sqrt(2)));
        assertEquals(phi, p[i], 1e-5, "element " + i);
        // The table at the nearest scale prices the value within a fraction of a bit of −log2 p.
        double ideal = -Math.log(p[i]) / Math.log(2);
        assertEquals(ideal, bits[i], 0.15 + 0.1 * ideal, "element " + i);
        assertEquals(table.cdf(table.indexOf(scales[i])).codeLength(ints[i]), bits[i]);
      }
    }
  }

  @Test
  void tailBitsStillPullAScaleFarBelowTheValueUp() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray v = m.create(new float[] {12f, 0f, 1f});
      NDArray scales = m.create(new float[] {0.05f, 0.5f, 1f});
      scales.setRequiresGradient(true);
      float[] bits;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray b = GaussianConditional.bits(v, scales);
        bits = b.toFloatArray();
        gc.backward(b.sum());
      }
      float[] exact = GaussianConditional.likelihood(v, scales).log2().neg().toFloatArray();
      assertArrayEquals(exact, bits, 0f, "forward: the exact bits");
      float[] g = scales.getGradient().toFloatArray();
      // 12 at σ 0.05 (floored to 0.11) is at the likelihood floor, where the exact bits are flat.
      assertTrue(g[0] < -1, "descent must raise σ towards |v|: gradient " + g[0]);
      // Inside the body the exact gradient is kept (small near the optimum σ ≈ |v|, but not zero).
      assertTrue(Float.isFinite(g[1]) && Float.isFinite(g[2]) && g[2] != 0f, java.util.Arrays.toString(g));
    }
  }

  @Test
  void bottleneckTailBitsPullAFarValueBackToTheBody() {
    try (Model model = bottleneckModel(1)) {
      EntropyBottleneck eb = (EntropyBottleneck) model.getBlock();
      try (NDManager scope = model.getNDManager().newSubManager()) {
        // The initial density is about 10 wide: ±400 sit far past the likelihood floor, 0 and 3 in the body.
        NDArray v = scope.create(new float[] {400f, -400f, 0f, 3f}, new Shape(1, 1, 2, 2));
        v.setRequiresGradient(true);
        ParameterStore ps = new ParameterStore(scope, false);
        float[] bits;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray b = eb.bits(ps, v, true);
          bits = b.toFloatArray();
          gc.backward(b.sum());
        }
        float[] exact = eb.likelihood(ps, v, false).log2().neg().toFloatArray();
        assertArrayEquals(exact, bits, 1e-5f, "forward: the exact bits");
        assertEquals(-Math.log(EntropyBottleneck.MIN_LIKELIHOOD) / Math.log(2), bits[0], 1e-3, "400 is on the floor");
        float[] g = v.getGradient().toFloatArray();
        // Descent (−g) must move ±400 back towards the body, where the floor alone gives no slope at all.
        assertTrue(g[0] > 0.01f, "gradient at +400: " + g[0]);
        assertTrue(g[1] < -0.01f, "gradient at −400: " + g[1]);
        // In the body the gradient is the exact bits' own.
        NDArray body = scope.create(new float[] {0f, 3f}, new Shape(1, 1, 1, 2));
        body.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.backward(eb.likelihood(ps, body, true).log2().neg().sum());
        }
        float[] exactGradient = body.getGradient().toFloatArray();
        assertTrue(exactGradient[0] != 0f && exactGradient[1] != 0f, java.util.Arrays.toString(exactGradient));
        assertArrayEquals(exactGradient, new float[] {g[2], g[3]}, 1e-6f, java.util.Arrays.toString(g));
      }
    }
  }

  /** A model holding a freshly initialised bottleneck of {@code channels} channels. */
  private static Model bottleneckModel(int channels) {
    Model model = Model.newInstance("eb", "PyTorch");
    EntropyBottleneck eb = new EntropyBottleneck(channels);
    model.setBlock(eb);
    eb.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, channels, 1, 1));
    return model;
  }

  private static double erf(double x) {
    // Abramowitz–Stegun 7.1.26 is too coarse here; integrate the density instead (Simpson, 2000 steps).
    int n = 2000;
    double h = x / n, s = 0;
    for (int i = 0; i <= n; i++) {
      double t = i * h, f = Math.exp(-t * t);
      s += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
    }
    return 2 / Math.sqrt(Math.PI) * s * h / 3;
  }

  @Test
  void allocatorPicksNearestLevelAndFitsTheBudget() {
    RateAllocator a = new RateAllocator(0, 4, 8, 12, 16);
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 4}, a.allocate(new double[] {1, 2, 2.5, 6, 6.5, 100}, 1.0));
    double[] bits = new double[100];
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < bits.length; i++) {
      bits[i] = 10 + r.nextDouble() * 200;
    }
    for (long budget : new long[] {0, 37, 400, 800, 1200, 1600, 5000}) {
      RateAllocator.Allocation al = a.fit(bits, budget);
      assertTrue(al.symbols() <= budget, budget + " → " + al.symbols());
      assertEquals(a.symbols(al.levelIndexes()), al.symbols());
      assertTrue(al.symbols() >= Math.min(budget, 1600) - 16, budget + " → " + al.symbols());
      // Richer patches never get fewer symbols.
      for (int i = 0; i < bits.length; i++) {
        for (int j = 0; j < bits.length; j++) {
          if (bits[i] > bits[j]) {
            assertTrue(al.levelIndexes()[i] >= al.levelIndexes()[j]);
          }
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new RateAllocator(1, 4));
    assertThrows(IllegalArgumentException.class, () -> new RateAllocator(0, 4, 4));
  }

  @Test
  void allocatorTrainingFormMatchesTheJavaForm() {
    RateAllocator a = new RateAllocator(0, 4, 8, 12, 16);
    double[] bits = {0.5, 3, 5, 7, 9.9, 11, 14, 40};
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] f = new float[bits.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) bits[i];
      }
      NDArray levels = a.levelsOf(m.create(f, new Shape(1, 2, 4)), m.create(new float[] {1.1f}, new Shape(1, 1)));
      int[] idx = a.allocate(bits, 1.1);
      float[] got = levels.toFloatArray();
      for (int i = 0; i < bits.length; i++) {
        assertEquals(a.level(idx[i]), got[i], 0f, "patch " + i);
      }
    }
  }

  @Test
  void sideInfoCodesEscapesAndRejectsGarbage() {
    Cdf[] z = {Cdf.discretisedGaussian(0, 2, -5, 5, Cdf.Tails.ESCAPE, 16),
        Cdf.discretisedGaussian(0, 1, -5, 5, Cdf.Tails.ESCAPE, 16)};
    Cdf levels = SideInfo.levelTable(5);
    SideInfo s = new SideInfo(new int[] {0, 3, -100000, 2, 1, 0}, new int[] {4, 0, 2, 3, 1});
    byte[] bytes = s.encode(z, levels);
    assertEquals(s, SideInfo.decode(bytes, z, 6, 5, levels));
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 2);
    longer[longer.length - 1] = 7;
    assertThrows(EntropyCodingException.class, () -> SideInfo.decode(longer, z, 6, 5, levels));
  }
}
