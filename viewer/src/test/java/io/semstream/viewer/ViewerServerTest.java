package io.semstream.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.DeadLetter;
import io.semstream.schemas.Frame;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.TelemetryReconstruction;
import io.semstream.schemas.TelemetryWindow;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The viewer's routes on a board fed by hand: no broker, the same server the command runs. */
class ViewerServerTest {
  private final LinkBoard board = new LinkBoard();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ViewerServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ViewerServer("127.0.0.1", 0, board);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void streamsPicturesAndFiguresAreServedAsTheyArrive() throws Exception {
    assertEquals(404, get("/api/stream?id=cam").statusCode());
    RgbImage original = new RgbImage(3, 2, new byte[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    board.onFrame(Frame.newBuilder().setStreamId("cam").setSeq(0).setCaptureTimestamp(1).setWidth(3).setHeight(2)
        .setPixelFormat(PixelFormat.RAW_RGB8).setPayload(ByteBuffer.wrap(original.rgb().clone())).build(), 1);
    byte[] decoded = ImageFiles.encodePng(original);
    board.onReconstruction(reconstruction("cam", 0, decoded, 31.25, false), 2);
    board.onDeadLetter("cam", DeadLetter.newBuilder().setTopic("frames").setPartition(0).setOffset(3)
        .setReason("bad frame").setProcessor("frame-reader").setTimestamp(3).build(), 3);

    JsonNode list = json.readTree(get("/api/streams").body());
    assertEquals(1, list.size());
    assertEquals("cam", list.get(0).get("id").asText());
    assertEquals(1, list.get(0).get("deadLetters").asInt());
    JsonNode stream = json.readTree(get("/api/stream?id=cam").body());
    assertEquals(31.25, stream.get("points").get(0).get("psnr").asDouble());
    assertEquals(0, stream.get("latestSeq").asInt());

    HttpResponse<byte[]> picture = http.send(request("/api/picture?id=cam&seq=0&which=original"),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("image/png", picture.headers().firstValue("Content-Type").orElse(""));
    assertArrayEquals(original.rgb(), ImageFiles.decode(picture.body()).rgb(), "the raw frame, as PNG");
    HttpResponse<byte[]> rebuilt = http.send(request("/api/picture?id=cam&which=reconstruction"),
        HttpResponse.BodyHandlers.ofByteArray());
    assertArrayEquals(decoded, rebuilt.body(), "the latest reconstruction as the receiver wrote it");
    assertEquals(404, get("/api/picture?id=cam&seq=9").statusCode());
    assertTrue(get("/").body().contains("SemStreamViewer.listPage"));
    assertTrue(get("/stream.html").body().contains("SemStreamViewer.streamPage"));
    assertEquals(404, get("/etc/passwd").statusCode());
    assertEquals(204, get("/favicon.ico").statusCode());
  }

  @Test
  void theEventStreamCarriesEachNewReconstructionOfItsStream() throws Exception {
    HttpResponse<InputStream> events = http.send(request("/events?id=cam"), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("Content-Type").orElse(""));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      assertEquals(": connected", in.readLine(), "subscribed before the page fetches its snapshot");
      board.onReconstruction(reconstruction("other", 0, new byte[0], 20.0, false), 1);
      board.onReconstruction(reconstruction("cam", 5, new byte[0], 27.5, true), 2);
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.startsWith("event:"));
      assertEquals("event: point", line);
      JsonNode data = json.readTree(in.readLine().substring("data: ".length()));
      assertEquals("cam", data.get("stream").asText(), "another stream's events are not sent");
      assertEquals(5, data.get("data").get("seq").asInt());
      assertTrue(data.get("data").get("lost").asBoolean());
    }
  }

  @Test
  void telemetryWindowsAreServedAsOriginalAndReconstructedTraces() throws Exception {
    List<String> names = List.of("a", "b");
    board.onTelemetry(TelemetryWindow.newBuilder().setStreamId("plant").setSeq(2).setStartTimestamp(0)
        .setSampleRateHz(10).setChannelNames(names).setSamples(List.of(1f, 2f, 3f, 4f)).build(), 1);
    board.onTelemetryReconstruction(TelemetryReconstruction.newBuilder().setStreamId("plant").setSeq(2)
        .setStartTimestamp(0).setSampleRateHz(10).setCodecId("linear-c4").setChannelNames(names)
        .setSamples(List.of(1.5f, 2f, 3f, 3.5f)).setNmseDb(-12.0).setCbr(0.25).setSnrDb(10).setLatencyMs(4)
        .setLost(false).setNonFinite(false).build(), 2);
    JsonNode stream = json.readTree(get("/api/stream?id=plant").body());
    assertEquals("telemetry", stream.get("kind").asText());
    assertEquals(-12.0, stream.get("points").get(0).get("nmseDb").asDouble());
    JsonNode traces = json.readTree(get("/api/traces?id=plant&seq=2").body());
    assertEquals(4.0, traces.get("original").get("samples").get(3).asDouble());
    assertEquals(3.5, traces.get("reconstruction").get("samples").get(3).asDouble());
    assertEquals("b", traces.get("reconstruction").get("channels").get(1).asText());
  }

  @Test
  void whatTheBoardKeepsIsBoundedWhateverTheStreamsLength() {
    byte[] png = ImageFiles.encodePng(new RgbImage(1, 1, new byte[] {1, 2, 3}));
    for (long seq = 0; seq < StreamView.MAX_POINTS + 500; seq++) {
      board.onReconstruction(reconstruction("long", seq, png, 30.0, false), seq);
    }
    var snapshot = board.snapshot("long").orElseThrow();
    assertEquals(StreamView.MAX_POINTS, ((List<?>) snapshot.get("points")).size());
    assertTrue(board.picture("long", 0, false).isEmpty(), "old pictures are let go");
    assertTrue(board.picture("long", -1, false).isPresent(), "the latest is kept");
  }

  private static Reconstruction reconstruction(String stream, long seq, byte[] png, double psnr, boolean lost) {
    return Reconstruction.newBuilder().setStreamId(stream).setSeq(seq).setCaptureTimestamp(0).setCodecId("c")
        .setWidth(3).setHeight(2).setPayload(ByteBuffer.wrap(png)).setPsnr(psnr).setCbr(0.0625).setSnrDb(10)
        .setLatencyMs(5).setLost(lost).build();
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path), HttpResponse.BodyHandlers.ofString());
  }
}
