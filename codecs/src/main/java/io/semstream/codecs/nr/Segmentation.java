package io.semstream.codecs.nr;

/**
 * Code-block segmentation of TS 38.212 §5.2.2 for a transport block with its CRC (B bits), and the
 * base-graph choice of §7.2.2.
 *
 * @param graph the base graph
 * @param b B: transport block bits including the transport-block CRC
 * @param blocks C: number of code blocks
 * @param kPrime K': bits per code block before fillers, the code-block CRC included
 * @param k K = Kb·Z: bits per code block into the encoder (22Z for BG1, 10Z for BG2)
 * @param z the lifting size Zc
 * @param cbCrcLength L: 24 (gCRC24B) when there is more than one block, else 0
 */
public record Segmentation(BaseGraphs.Graph graph, int b, int blocks, int kPrime, int k, int z, int cbCrcLength) {

  /** Maximum code-block size Kcb: 8448 for BG1, 3840 for BG2. */
  public static int maxCodeBlockSize(int baseGraph) {
    return baseGraph == 1 ? 8448 : 3840;
  }

  /** Transport-block CRC of §7.2.1: gCRC24A when A > 3824, else gCRC16. */
  public static Crc transportBlockCrc(int a) {
    return a > 3824 ? Crc.CRC24A : Crc.CRC16;
  }

  /**
   * LDPC base-graph selection of §7.2.2: BG2 when A ≤ 292, or A ≤ 3824 and R ≤ 0.67, or R ≤ 0.25;
   * otherwise BG1.
   *
   * @param a transport block size A (without CRC)
   * @param codeRate the target code rate R
   */
  public static int selectBaseGraph(int a, double codeRate) {
    if (a <= 292 || (a <= 3824 && codeRate <= 0.67) || codeRate <= 0.25) {
      return 2;
    }
    return 1;
  }

  /** Whether B bits split into code blocks of equal size K' as §5.2.2 requires (B' divisible by C). */
  public static boolean splitsEvenly(int b, int baseGraph) {
    int kcb = maxCodeBlockSize(baseGraph);
    if (b <= kcb) {
      return true;
    }
    int c = ceilDiv(b, kcb - 24);
    return (b + 24 * c) % c == 0;
  }

  /** Segments B bits (transport block + its CRC) for the given base graph. */
  public static Segmentation of(int b, int baseGraph) {
    if (b <= 0) {
      throw new IllegalArgumentException("B must be positive, got " + b);
    }
    BaseGraphs.Graph graph = BaseGraphs.of(baseGraph);
    int kcb = maxCodeBlockSize(baseGraph);
    int l;
    int c;
    int bPrime;
    if (b <= kcb) {
      l = 0;
      c = 1;
      bPrime = b;
    } else {
      l = 24;
      c = ceilDiv(b, kcb - l);
      bPrime = b + c * l;
    }
    if (bPrime % c != 0) {
      // 38.212 defines K' = B'/C; the transport block sizes of TS 38.214 always divide evenly, and
      // TransportBlockCoder pads its free-form blocks so that they do too.
      throw new IllegalArgumentException("B' = " + bPrime + " does not split evenly into " + c
          + " code blocks; pad the transport block (see TransportBlockCoder.transportBlockBits)");
    }
    int kPrime = bPrime / c;
    int kb;
    if (baseGraph == 1) {
      kb = 22;
    } else if (b > 640) {
      kb = 10;
    } else if (b > 560) {
      kb = 9;
    } else if (b > 192) {
      kb = 8;
    } else {
      kb = 6;
    }
    int z = BaseGraphs.smallestLiftingSizeAtLeast(ceilDiv(kPrime, kb));
    int k = graph.infoColumns() * z;
    return new Segmentation(graph, b, c, kPrime, k, z, l);
  }

  /** K − K': filler bits per code block. */
  public int fillers() {
    return k - kPrime;
  }

  /** Bits of the transport block (with its CRC) carried in each code block: K' − L. */
  public int payloadPerBlock() {
    return kPrime - cbCrcLength;
  }

  /** N: encoder output bits per block after the 2Z punctured systematic bits (66Z or 50Z). */
  public int n() {
    return (graph.columns() - 2) * z;
  }

  public LdpcCode code() {
    return new LdpcCode(graph, z);
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
