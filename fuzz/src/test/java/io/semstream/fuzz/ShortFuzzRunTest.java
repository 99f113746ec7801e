package io.semstream.fuzz;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A short run of every target inside the normal tests: a few hundred inputs each, drawn from a fixed seed so a
 * failure reproduces. Random bytes reach few branches by themselves; the targets' first bytes choose well-formed
 * records with fuzzed fields, so they reach the checks past decoding too.
 */
class ShortFuzzRunTest {
  private static final int INPUTS = 400;

  private static void run(Consumer<byte[]> target, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < INPUTS; i++) {
      byte[] data = new byte[random.nextInt(0, i % 10 == 0 ? 20000 : 600)];
      for (int j = 0; j < data.length; j++) {
        data[j] = (byte) random.nextInt(256);
      }
      try {
        target.accept(data);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("input " + i + " of seed " + seed + " (" + data.length + " bytes): " + e, e);
      }
    }
  }

  @Test
  void transmitter() {
    run(TransmitterInputs::fuzzerTestOneInput, 1);
  }

  @Test
  void channel() {
    run(ChannelInputs::fuzzerTestOneInput, 2);
  }

  @Test
  void receiver() {
    run(ReceiverInputs::fuzzerTestOneInput, 3);
  }

  @Test
  void files() {
    run(FileInputs::fuzzerTestOneInput, 4);
  }
}
