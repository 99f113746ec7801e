package io.semstream.codecs.nr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LdpcEncoderTest {

  static byte[] randomBits(int n, SplittableRandom r) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(2);
    }
    return b;
  }

  /**
   * Every codeword satisfies every parity check of H (all rows, lifted) for every one of the 51 lifting
   * sizes (so all 8 shift sets), on both base graphs; the information bits come out unchanged.
   * Flipping any one bit breaks at least one check, so the checker is not vacuous.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void everyCodewordSatisfiesAllParityChecks(int baseGraph) {
    BaseGraphs.Graph g = BaseGraphs.of(baseGraph);
    SplittableRandom r = new SplittableRandom(100 + baseGraph);
    for (int z : BaseGraphs.liftingSizes()) {
      LdpcCode code = new LdpcCode(g, z);
      LdpcEncoder encoder = new LdpcEncoder(code);
      int words = z <= 16 ? 4 : 2;
      for (int w = 0; w < words; w++) {
        byte[] info = randomBits(code.infoLength(), r);
        if (w == 1) {
          Arrays.fill(info, info.length / 2, info.length, (byte) 0); // fillers are zeros at the end
        }
        byte[] cw = encoder.encode(info);
        assertArrayEquals(info, Arrays.copyOf(cw, info.length), code + ": systematic part");
        assertTrue(code.satisfiesAllChecks(cw), code + ": codeword " + w + " violates a parity check");
        byte[] bad = cw.clone();
        int pos = r.nextInt(bad.length);
        bad[pos] ^= 1;
        assertFalse(code.satisfiesAllChecks(bad), code + ": flipping bit " + pos + " went unnoticed");
      }
    }
  }
}
