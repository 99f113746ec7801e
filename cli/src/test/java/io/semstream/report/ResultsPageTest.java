package io.semstream.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsPageTest {
  private static final String EVAL = """
      [ {"codec":"a-c16","channel":"awgn","snrDb":1.0,"cbrTarget":0.0625,"psnr":23.456,"images":2,"lostFrames":0},
        {"codec":"a-c16","channel":"awgn","snrDb":10.0,"cbrTarget":0.0625,"psnr":29.004,"images":2,"lostFrames":1},
        {"codec":"b-ldpc","channel":"awgn","snrDb":1.0,"cbrTarget":0.0625,"psnr":11.68,"images":2,"lostFrames":2},
        {"codec":"b-ldpc","channel":"awgn","snrDb":10.0,"cbrTarget":0.0625,"psnr":31.5,"images":2,"lostFrames":0},
        {"codec":"a-c48","channel":"awgn","snrDb":1.0,"cbrTarget":0.020833333333333332,"psnr":20.0,"images":2,
         "lostFrames":0} ]
      """;

  @Test
  void anEvalDirectiveBecomesOneRowPerCodecAndOneColumnPerSnrWithLostPointsMarked(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("e.json"), EVAL);
    String page = new ResultsPage(dir).render("# R\nbefore\n{{eval e.json cbr=1/16 channel=awgn}}\nafter\n");
    assertEquals("""
        # R
        before
        | psnr at SNR (dB) | 1 | 10 |
        |---|---|---|
        | `a-c16` | 23.46 | 29.00 (1 of 2 lost) |
        | `b-ldpc` | lost | 31.50 |
        after
        """, page);
  }

  @Test
  void aRowsDirectiveShowsTheNamedFieldsOfAnObjectOrOfEveryRow(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("b.json"), "{\"codec\":\"x\",\"bareFps\":17.912,\"ratio\":0.8123,\"frames\":1200}");
    String page = new ResultsPage(dir).render("{{rows b.json codec,bareFps,ratio,frames}}");
    assertEquals("| codec | bareFps | ratio | frames |\n|---|---|---|---|\n| x | 17.91 | 0.812 | 1200 |\n", page);
  }

  @Test
  void aRowsDirectiveOverSeveralFilesIsOneTableWhoseFirstColumnNamesTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.json"), "[{\"gain\":1.5}]");
    Files.writeString(dir.resolve("b.json"), "{\"gain\":-0.25}");
    assertEquals("| file | gain |\n|---|---|\n| a | 1.50 |\n| b | -0.250 |\n",
        new ResultsPage(dir).render("{{rows a.json,b.json gain}}"));
  }

  @Test
  void aDirectiveNamingAFieldTheFileLacksIsAnErrorNotAnEmptyCell(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("b.json"), "{\"codec\":\"x\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ResultsPage(dir).render("{{rows b.json codec,ratio}}"));
    assertTrue(e.getMessage().contains("ratio"), e.getMessage());
    Files.writeString(dir.resolve("e.json"), EVAL);
    assertThrows(IllegalArgumentException.class, () -> new ResultsPage(dir).render("{{eval e.json cbr=1/96}}"));
  }

  @Test
  void theShippedResultsPageIsWhatItsTemplateAndFilesRenderTo() throws Exception {
    Path top = Path.of("..").toAbsolutePath().normalize();
    Path template = top.resolve("docs/RESULTS.template.md");
    String rendered = new ResultsPage(top).render(Files.readString(template));
    String shipped = Files.readString(top.resolve("docs/RESULTS.md"));
    assertEquals(rendered, shipped.substring(shipped.indexOf('\n') + 1),
        "docs/RESULTS.md is stale: run ./semstream results");
  }
}
