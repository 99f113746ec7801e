package io.semstream.codecs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault SemStream's engine setting removes, shown on one convolution: 17 input channels fill no
 * block of channels on AVX2 (8) or AVX-512 (16), so oneDNN pads them, and the padding it reads is
 * whatever the allocator gave it.
 */
class NativeEngineTest {

  @AfterEach
  void restore() {
    NativeEngine.setFill(NativeEngine.Fill.ZERO);
  }

  @Test
  void modelsComeFromAnEngineThatZeroFills() {
    NativeEngine.newModel("probe").close();
    assertEquals(NativeEngine.Fill.ZERO, NativeEngine.fill());
  }

  @Test
  void aConvolutionOverPaddedChannelsReadsMemoryItNeverWroteUnlessAllocationsAreZeroed() throws IOException {
    assumeTrue(hasAvx2(), "the padded kernels exist on AVX2 and AVX-512 CPUs only");
    // Whether oneDNN picks a padded kernel for this shape depends on the CPU and its version, so the hazard
    // is shown only where it occurs; the zero fill must hold everywhere.
    NativeEngine.setFill(NativeEngine.Fill.JUNK); // every new buffer holds a NaN pattern
    boolean hazard = convolutionOfFiniteInputsHasNaN();
    NativeEngine.setFill(NativeEngine.Fill.ZERO);
    assertFalse(convolutionOfFiniteInputsHasNaN(), "zero-filled buffers make the padding zero");
    assumeTrue(hazard, "this CPU's kernel for the shape reads no padding, so junk buffers show no NaN here");
  }

  @Test
  void withZeroFillNaNLeftInFreedMemoryCannotReachTheOutput() {
    for (int i = 0; i < 5; i++) {
      FreedNanMemory.leave();
      assertFalse(convolutionOfFiniteInputsHasNaN(), "call " + i);
    }
  }

  private static boolean convolutionOfFiniteInputsHasNaN() {
    NativeEngine.configure();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = m.ones(new Shape(1, 17, 64, 64));
      NDArray w = m.ones(new Shape(32, 17, 3, 3)).mul(0.01f);
      NDArray b = m.zeros(new Shape(32));
      NDArray y = Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
      return y.isNaN().any().getBoolean();
    }
  }

  private static boolean hasAvx2() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    return Files.exists(cpuinfo) && Files.readString(cpuinfo).matches("(?s).*\\bavx2\\b.*");
  }
}
