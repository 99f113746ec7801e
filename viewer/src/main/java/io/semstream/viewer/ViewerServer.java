package io.semstream.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The viewer's web server (the JDK's {@code HttpServer}: a page, a few JSON and image routes and one event
 * stream need nothing more). Routes:
 * <ul>
 *   <li>{@code /} the streams, {@code /stream.html?id=S} one stream's page (static files)
 *   <li>{@code /api/streams} a summary per stream; {@code /api/stream?id=S} one stream's figures so far
 *   <li>{@code /api/picture?id=S&seq=N&which=original|reconstruction} a frame's picture
 *   <li>{@code /api/traces?id=S&seq=N} a telemetry window, original and reconstructed
 *   <li>{@code /events[?id=S]} Server-Sent Events: every change on the board (of one stream)
 * </ul>
 */
final class ViewerServer implements AutoCloseable {
  /** An idle event stream gets a comment this often, so proxies and the page see it is alive. */
  private static final long HEARTBEAT_SECONDS = 15;
  private static final Map<String, String> STATIC = Map.of(
      "/", "index.html", "/index.html", "index.html", "/stream.html", "stream.html",
      "/viewer.js", "viewer.js", "/viewer.css", "viewer.css");

  private final HttpServer server;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "semstream-viewer-http");
    t.setDaemon(true);
    return t;
  });
  private final LinkBoard board;
  private final ObjectMapper json = new ObjectMapper();
  private volatile boolean open = true;

  ViewerServer(String host, int port, LinkBoard board) throws IOException {
    this.board = board;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(workers);
    server.createContext("/", this::serveStatic);
    server.createContext("/api/streams", ex -> sendJson(ex, board.streamList()));
    server.createContext("/api/stream", ex -> {
      Optional<Map<String, Object>> s = board.snapshot(param(ex, "id", ""));
      if (s.isPresent()) {
        sendJson(ex, s.get());
      } else {
        send(ex, 404, "text/plain", ("no stream " + param(ex, "id", "") + " seen yet").getBytes(StandardCharsets.UTF_8));
      }
    });
    server.createContext("/api/picture", this::servePicture);
    server.createContext("/api/traces", ex -> sendJson(ex, board.traces(param(ex, "id", ""),
        parseLong(param(ex, "seq", "-1")))));
    server.createContext("/events", this::serveEvents);
    // Browsers ask for one on every page; an empty answer keeps their consoles free of a 404.
    server.createContext("/favicon.ico", ex -> send(ex, 204, "image/x-icon", new byte[0]));
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void serveStatic(HttpExchange ex) throws IOException {
    String file = STATIC.get(ex.getRequestURI().getPath());
    if (file == null) {
      send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = ViewerServer.class.getResourceAsStream("static/" + file)) {
      if (in == null) {
        throw new IOException("viewer resource " + file + " is missing from the jar");
      }
      String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
      send(ex, 200, type + "; charset=utf-8", in.readAllBytes());
    }
  }

  private void servePicture(HttpExchange ex) throws IOException {
    boolean original = "original".equals(param(ex, "which", "reconstruction"));
    Optional<LinkBoard.Picture> p = board.picture(param(ex, "id", ""), parseLong(param(ex, "seq", "-1")), original);
    if (p.isEmpty()) {
      send(ex, 404, "text/plain", "no such picture held".getBytes(StandardCharsets.UTF_8));
      return;
    }
    ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
    send(ex, 200, p.get().mediaType(), p.get().bytes());
  }

  /** One event stream per page: a queue the board fills and this exchange's thread drains until the page goes. */
  private void serveEvents(HttpExchange ex) throws IOException {
    String only = param(ex, "id", null);
    BlockingQueue<ViewerEvent> queue = new LinkedBlockingQueue<>(10_000);
    Consumer<ViewerEvent> listener = e -> {
      if (only == null || only.equals(e.stream())) {
        queue.offer(e); // a page that stops reading loses events, not the server's memory
      }
    };
    board.listen(listener);
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (open) {
        ViewerEvent e = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        String frame = e == null ? ": alive\n\n"
            : "event: " + e.type() + "\ndata: " + json.writeValueAsString(Map.of("stream", e.stream(),
                "data", e.data())) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | InterruptedException gone) {
      // the page closed the connection, or the server is stopping
    } finally {
      board.unlisten(listener);
      ex.close();
    }
  }

  private void sendJson(HttpExchange ex, Object body) throws IOException {
    send(ex, 200, "application/json", json.writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static String param(HttpExchange ex, String name, String otherwise) {
    String query = ex.getRequestURI().getRawQuery();
    if (query == null) {
      return otherwise;
    }
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params.getOrDefault(name, otherwise);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    open = false;
    server.stop(0);
    workers.shutdownNow();
  }
}
