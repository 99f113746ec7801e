package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.codecs.telemetry.TelemetrySeries;
import io.semstream.ingest.TelemetryPublisher;
import io.semstream.topology.PipelineConfig;
import io.semstream.topology.PipelineRunner;
import io.semstream.topology.Role;
import io.semstream.topology.Topics;
import io.semstream.viewer.LinkViewer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real browser (Debian's headless Chromium through its ChromeDriver) during a run on an
 * embedded broker: the list shows the stream, the stream's page shows the original beside the reconstruction,
 * its PSNR chart has a point per frame, and the pictures change when more frames cross the channel. Every wait
 * is for a condition on the page, never a fixed time. Skipped where Chromium or its driver is not installed
 * ({@code .ci/run} installs both).
 */
class ViewerBrowserTest extends EmbeddedBrokerTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Generous: the first frames wait for the roles' tasks to be assigned on a loaded machine. */
  static final Duration PAGE_WAIT = Duration.ofSeconds(120);

  @Test
  void theStreamPageShowsPicturesAndChartsThatFollowTheStream() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    String stream = "cam-view";
    try (PipelineScenario s = new PipelineScenario(broker.bootstrapServers(), "it-view-", stream, 10, "softcast-c16",
        false);
         LinkViewer viewer = LinkViewer.start(broker.bootstrapServers(), Topics.withPrefix("it-view-"), "127.0.0.1", 0,
             true, new Properties())) {
      WebDriver browser = chromium();
      try {
        assertEquals(4, s.sendSyntheticFrames(4, 256, 256, 0));
        browser.get(viewer.url());
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        wait.until(b -> !b.findElements(By.cssSelector("tr[data-stream='" + stream + "']")).isEmpty());

        browser.get(viewer.url() + "stream.html?id=" + stream);
        wait.until(b -> pointsOf(b, "psnr") >= 4 && loadedSeq(b, "reconstruction") == 3 && loadedSeq(b, "original") == 3);
        long firstPicture = pixelSum(browser, "reconstruction");
        assertTrue(firstPicture > 0, "the reconstruction is not black");

        // More frames while the page is open: it must follow them without a reload.
        assertEquals(4, s.sendSyntheticFrames(4, 256, 256, 4));
        wait.until(b -> pointsOf(b, "psnr") >= 8 && loadedSeq(b, "reconstruction") == 7 && loadedSeq(b, "original") == 7);
        assertNotEquals(firstPicture, pixelSum(browser, "reconstruction"), "the picture changed with the stream");
        assertTrue(pointsOf(browser, "cbr") >= 8, "the CBR chart follows too");
        assertTrue(pointsOf(browser, "snr") >= 8, "and the SNR chart");
        assertEquals("live", browser.findElement(By.id("status")).getText());

        Path shot = Path.of("target", "viewer-screenshot.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
            StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the page");
      } finally {
        browser.quit();
      }
    }
  }

  /** A telemetry stream's page draws each channel's original and reconstructed trace, and its NMSE. */
  @Test
  void aTelemetryStreamsPageOverlaysOriginalAndReconstructedTraces() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    Topics topics = Topics.withPrefix("it-view-t-");
    Properties overrides = new Properties();
    overrides.put("state.dir", Files.createTempDirectory("semstream-it-state").toString());
    PipelineConfig config = PipelineConfig.builder().telemetryCodecId("linear-c4")
        .defaultChannel(ChannelConfig.awgn(10)).partitions(1).build();
    int channels = 3, length = 400;
    long[] times = new long[length];
    float[][] values = new float[channels][length];
    for (int t = 0; t < length; t++) {
      times[t] = 1_700_000_000_000L + 10L * t;
      for (int c = 0; c < channels; c++) {
        values[c][t] = (float) (20 * c + Math.sin(0.05 * (c + 1) * t));
      }
    }
    TelemetrySeries series = new TelemetrySeries(List.of("a", "b", "c"), times, 100, values);
    try (PipelineRunner runner = PipelineRunner.start(EnumSet.allOf(Role.class), broker.bootstrapServers(), overrides,
        topics, config, CodecRegistry.standard());
         LinkViewer viewer = LinkViewer.start(broker.bootstrapServers(), topics, "127.0.0.1", 0, true, new Properties());
         TelemetryPublisher publisher = new TelemetryPublisher(broker.bootstrapServers(), topics.telemetry(), overrides)) {
      assertEquals(4, publisher.publish(TelemetryPublisher.windows("plant", series, 100)));
      WebDriver browser = chromium();
      try {
        browser.get(viewer.url() + "stream.html?id=plant");
        new WebDriverWait(browser, PAGE_WAIT).until(b -> pointsOf(b, "nmse") >= 4 && pointsOf(b, "trace-2") >= 200);
        assertEquals(200, pointsOf(browser, "trace-0"), "100 original and 100 reconstructed points of channel a");
        assertTrue(browser.findElement(By.id("chart-trace-1")).getText().contains("window 3"), "the latest window");
        assertTrue(!browser.findElement(By.id("pictures")).isDisplayed(), "no pictures for a telemetry stream");
      } finally {
        browser.quit();
      }
    }
  }

  static WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1400,1100");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** How many points a chart of the stream page draws. */
  static long pointsOf(WebDriver b, String chart) {
    Object n = ((JavascriptExecutor) b).executeScript(
        "const c = document.getElementById('chart-' + arguments[0]); return c ? Number(c.dataset.points) : 0;", chart);
    return ((Number) n).longValue();
  }

  /** The frame a picture shows once it has loaded, or -1 while it is loading or missing. */
  static long loadedSeq(WebDriver b, String id) {
    Object n = ((JavascriptExecutor) b).executeScript(
        "const i = document.getElementById(arguments[0]);"
            + "return i && i.complete && i.naturalWidth > 0 && i.dataset.seq ? Number(i.dataset.seq) : -1;", id);
    return ((Number) n).longValue();
  }

  /** The sum of a picture's pixel values, as the page drew it. */
  static long pixelSum(WebDriver b, String id) {
    Object n = ((JavascriptExecutor) b).executeScript(
        "const i = document.getElementById(arguments[0]); const c = document.createElement('canvas');"
            + "c.width = i.naturalWidth; c.height = i.naturalHeight; const g = c.getContext('2d'); g.drawImage(i, 0, 0);"
            + "const d = g.getImageData(0, 0, c.width, c.height).data; let s = 0;"
            + "for (let k = 0; k < d.length; k += 4) { s += d[k] + d[k + 1] + d[k + 2]; } return s;", id);
    return ((Number) n).longValue();
  }
}
