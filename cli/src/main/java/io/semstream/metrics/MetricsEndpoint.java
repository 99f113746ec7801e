package io.semstream.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code /metrics} in Prometheus' text format for the roles of this JVM: Kafka Streams' own metrics (bridged by
 * Micrometer's Kafka Streams binder when the runner is given {@link #registry()}), SemStream's meters, and the
 * JVM's (memory, GC, threads, file descriptors, CPU).
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final HttpServer server;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "semstream-metrics-http");
    t.setDaemon(true);
    return t;
  });

  private MetricsEndpoint(String host, int port) throws IOException {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(worker);
    server.createContext("/metrics", ex -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
  }

  /**
   * Serves {@code /metrics} on {@code port} (0: any free port) of {@code host}.
   *
   * @throws IOException when the port cannot be bound (in use, say)
   */
  public static MetricsEndpoint start(String host, int port) throws IOException {
    MetricsEndpoint endpoint = new MetricsEndpoint(host, port);
    endpoint.server.start();
    return endpoint;
  }

  /** Where the roles record: hand it to {@code PipelineRunner.start}. */
  public MeterRegistry registry() {
    return registry;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** What a scrape would return now. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    server.stop(0);
    worker.shutdownNow();
    gc.close();
    registry.close();
  }
}
