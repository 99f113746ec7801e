package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semstream.cli.SemStreamCli;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.io.SyntheticVideo;
import io.semstream.io.Y4mWriter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code semstream demo} end to end: embedded broker, three roles, summary, JSON and pictures. */
class DemoCommandTest {

  private static final List<String> SUMMARY_KEYS = List.of("frames", "reconstructions", "meanPsnr",
      "meanMsssim", "meanCbr", "snrDb", "fps", "modelDeltas", "deltaShare", "deadLetters", "nonFiniteFrames",
      "identicalToOffline", "latencyP50Ms", "latencyP95Ms");

  @TempDir Path tmp;

  private static JsonNode run(String... args) throws Exception {
    int code = SemStreamCli.commandLine().execute(args);
    assertEquals(0, code, "exit code of semstream " + String.join(" ", args));
    int json = Arrays.asList(args).indexOf("--json");
    return new ObjectMapper().readTree(Path.of(args[json + 1]).toFile());
  }

  @Test
  void syntheticVideoWritesSummaryAndSideBySidePictures() throws Exception {
    Path json = tmp.resolve("s.json");
    Path out = tmp.resolve("pictures");
    JsonNode s = run("demo", "--frames", "6", "--size", "64x64", "--snr", "10", "--json", json.toString(),
        "--out", out.toString());
    List<String> keys = new ArrayList<>();
    s.fieldNames().forEachRemaining(keys::add);
    assertEquals(SUMMARY_KEYS, keys);
    assertEquals(6, s.get("frames").asInt());
    assertEquals(6, s.get("reconstructions").asInt());
    assertEquals(0, s.get("deadLetters").asInt());
    assertEquals(0, s.get("nonFiniteFrames").asInt());
    assertEquals(6, s.get("identicalToOffline").asInt());
    assertEquals(0, s.get("modelDeltas").asInt());
    assertEquals(0.0, s.get("deltaShare").asDouble());
    assertEquals(10.0, s.get("snrDb").asDouble(), 1e-9);
    assertEquals(1.0 / 16, s.get("meanCbr").asDouble(), 1e-9);
    assertTrue(s.get("meanPsnr").asDouble() > PipelineScenario.PSNR_FLOOR_DB, "meanPsnr " + s.get("meanPsnr"));
    assertTrue(s.get("fps").asDouble() > 0);
    try (Stream<Path> files = Files.list(out)) {
      List<Path> pngs = files.sorted().toList();
      assertEquals(6, pngs.size());
      RgbImage pair = ImageFiles.read(pngs.get(0));
      assertEquals(128, pair.width());
      assertEquals(64, pair.height());
    }
  }

  @Test
  void frameFolderWithATextFileAndAnOddSize() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("frames"));
    SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), 100, 60, 4);
    for (int i = 0; i < 4; i++) {
      ImageFiles.writePng(video.frame(i), dir.resolve("f" + (i + 1) + ".png"));
    }
    Files.writeString(dir.resolve("notes.txt"), "not a frame");
    Path json = tmp.resolve("folder.json");
    JsonNode s = run("demo", "--input", dir.toString(), "--json", json.toString());
    assertEquals(4, s.get("frames").asInt());
    assertEquals(4, s.get("reconstructions").asInt());
    assertEquals(0, s.get("deadLetters").asInt());
    assertTrue(s.get("meanCbr").asDouble() > 1.0 / 16, "padding to 104x64 is paid for");
  }

  @Test
  void truncatedY4mSendsEveryCompleteFrame() throws Exception {
    SyntheticVideo video = new SyntheticVideo(SyntheticVideo.samplePhoto(), 72, 40, 5);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (Y4mWriter w = new Y4mWriter(buf, 25, 1, Y4mWriter.Chroma.C420)) {
      for (int i = 0; i < 5; i++) {
        w.write(video.frame(i));
      }
    }
    byte[] all = buf.toByteArray();
    Path y4m = tmp.resolve("cut.y4m");
    Files.write(y4m, Arrays.copyOf(all, all.length - 1000)); // the last frame loses its tail
    Path json = tmp.resolve("y4m.json");
    JsonNode s = run("demo", "--input", y4m.toString(), "--json", json.toString());
    assertEquals(4, s.get("frames").asInt());
    assertEquals(4, s.get("reconstructions").asInt());
  }

  @Test
  void explicitCodecAdaptsOnline() throws Exception {
    Path json = tmp.resolve("adapt.json");
    JsonNode s = run("demo", "--codec", "explicit-c16", "--frames", "8", "--size", "64x64", "--adapt-every", "4",
        "--adapt-steps", "2", "--json", json.toString());
    assertEquals(8, s.get("reconstructions").asInt() + s.get("deadLetters").asInt());
    assertTrue(s.get("modelDeltas").asInt() >= 0, "modelDeltas " + s.get("modelDeltas"));
    double share = s.get("deltaShare").asDouble();
    assertTrue(share >= 0 && share < 1, "deltaShare " + share);
    assertEquals(s.get("reconstructions").asInt(), s.get("identicalToOffline").asInt(),
        "the receiver's adapted decoder is rebuilt offline from the deltas");
  }
}
