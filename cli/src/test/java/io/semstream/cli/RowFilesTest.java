package io.semstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowFilesTest {

  private static Map<String, Object> row(String codec, double psnr, int images) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("codec", codec);
    m.put("psnr", psnr);
    m.put("images", images);
    return m;
  }

  @Test
  void jsonAndCsvCarryTheSameColumnsInTheSameOrder(@TempDir Path dir) throws Exception {
    List<Map<String, Object>> rows = List.of(row("a", 26.91734, 7), row("b", 1.0 / 3, 2));
    RowFiles.write(rows, dir.resolve("r.json"), dir.resolve("r.csv"));

    JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    assertEquals(2, json.size());
    assertEquals("a", json.get(0).get("codec").asText());
    assertEquals(26.91734, json.get(0).get("psnr").asDouble(), 0);
    assertEquals(List.of("codec,psnr,images", "a,26.9173,7", "b,0.333333,2"),
        Files.readAllLines(dir.resolve("r.csv")));
  }

  @Test
  void writesOnlyWhatIsAskedFor(@TempDir Path dir) throws Exception {
    RowFiles.write(List.of(row("a", 1, 1)), null, dir.resolve("only.csv"));
    assertFalse(Files.exists(dir.resolve("r.json")));
    assertEquals(2, Files.readAllLines(dir.resolve("only.csv")).size());
  }
}
