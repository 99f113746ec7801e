package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semstream.cli.SemStreamCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --pipeline} and {@code soak} end to end on an embedded broker, at sizes that run in seconds. */
class BenchAndSoakCommandTest {

  @TempDir Path tmp;

  private static JsonNode run(Path json, String... args) throws Exception {
    int code = SemStreamCli.commandLine().execute(args);
    assertEquals(0, code, "exit code of semstream " + String.join(" ", args));
    return new ObjectMapper().readTree(json.toFile());
  }

  @Test
  void benchPipelineMeasuresBothLoopsOnTheSameFrames() throws Exception {
    Path json = tmp.resolve("bench.json");
    JsonNode b = run(json, "bench", "--pipeline", "--codec", "deepjscc-c16", "--size", "64x64", "--frames", "6",
        "--warm-up", "2", "--json", json.toString());
    for (String key : List.of("bareFps", "pipelineFps", "ratio", "latencyP50Ms", "latencyP95Ms")) {
      assertTrue(b.has(key), "missing " + key);
    }
    assertTrue(b.get("bareFps").asDouble() > 0 && b.get("pipelineFps").asDouble() > 0);
    assertEquals(b.get("pipelineFps").asDouble() / b.get("bareFps").asDouble(), b.get("ratio").asDouble(), 1e-9);
    assertEquals(6, b.get("reconstructions").asInt());
    assertTrue(b.get("latencyP95Ms").asDouble() >= b.get("latencyP50Ms").asDouble());
    // The same frames over the same channel draws: the pipeline's pictures score what the bare loop's do.
    assertEquals(b.get("barePsnr").asDouble(), b.get("pipelinePsnr").asDouble(), 1.0);
  }

  @Test
  void soakSamplesMemoryAndReportsSlopes() throws Exception {
    Path json = tmp.resolve("soak.json");
    JsonNode s = run(json, "soak", "--codec", "deepjscc-c16", "--size", "64x64", "--fps", "10", "--minutes", "0.25",
        "--sample-seconds", "3", "--warm-up-minutes", "0", "--json", json.toString());
    List<JsonNode> samples = new ArrayList<>();
    s.get("samples").forEach(samples::add);
    assertTrue(samples.size() >= 4, "samples: " + samples.size());
    for (JsonNode sample : samples) {
      assertTrue(sample.get("residentMiB").asDouble() > 0 && sample.get("heapMiB").asDouble() > 0);
    }
    assertTrue(Double.isFinite(s.get("residentSlopeMiBPerHour").asDouble()));
    assertTrue(s.get("reconstructed").asLong() > 0, "frames came out during the run");
    assertEquals(0, s.get("deadLetters").asLong());
  }
}
