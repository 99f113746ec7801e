package io.semstream.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The fuzz targets under Jazzer's JUnit integration. In the normal tests each runs on its committed seeds
 * ({@code src/test/resources/io/semstream/fuzz/FuzzTargetsTestInputs/<target>/}: inputs a long run found worth
 * keeping); with {@code JAZZER_FUZZ=1} one of them fuzzes (scripts/fuzz.sh drives the long run instead).
 */
class FuzzTargetsTest {
  @FuzzTest(maxDuration = "10m")
  void transmitter(byte[] data) {
    TransmitterInputs.fuzzerTestOneInput(data);
  }

  @FuzzTest(maxDuration = "10m")
  void channel(byte[] data) {
    ChannelInputs.fuzzerTestOneInput(data);
  }

  @FuzzTest(maxDuration = "10m")
  void receiver(byte[] data) {
    ReceiverInputs.fuzzerTestOneInput(data);
  }

  @FuzzTest(maxDuration = "10m")
  void files(byte[] data) {
    FileInputs.fuzzerTestOneInput(data);
  }
}
