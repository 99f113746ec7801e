package io.semstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.metrics.MetricsEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** {@code run --metrics-port}: what a Prometheus scrape of the roles returns after frames crossed a real broker. */
class MetricsEndpointTest extends EmbeddedBrokerTest {

  @Test
  void aScrapeShowsKafkaStreamsAndSemStreamMetricsOfEveryRole() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0);
         PipelineScenario s = new PipelineScenario(broker.bootstrapServers(), "it-metrics-", "cam-m", 10,
             "softcast-c16", false, endpoint.registry())) {
      assertEquals(5, s.sendSyntheticFrames(5, 64, 64));
      s.withProducer(p -> p.send(new ProducerRecord<>(s.topics.frames(), "cam-m".getBytes(StandardCharsets.UTF_8),
          new byte[] {1, 2, 3})));
      s.awaitOutcomes(6, Duration.ofSeconds(120));
      assertEquals(5, s.collector.reconstructions().size());
      assertEquals(1, s.collector.deadLetters().size());

      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      String text = response.body();

      // SemStream's own: every frame read by the transmitter, five reconstructions scored, the bad one counted.
      assertEquals(6, value(text, "semstream_records_in_total", "application=\"it-metrics-semstream-tx\"",
          "topic=\"it-metrics-frames\""), 1e-9);
      assertEquals(5, value(text, "semstream_psnr_dB_count", "application=\"it-metrics-semstream-rx\""), 1e-9);
      assertEquals(5, value(text, "semstream_cbr_count", "codec=\"softcast-c16\""), 1e-9);
      assertEquals(5, value(text, "semstream_encode_seconds_count", "codec=\"softcast-c16\""), 1e-9);
      assertEquals(5, value(text, "semstream_decode_seconds_count", "codec=\"softcast-c16\""), 1e-9);
      assertEquals(1, value(text, "semstream_dead_letters_total", "processor=\"frame-reader\""), 1e-9);
      assertTrue(text.contains("semstream_psnr_dB_bucket{"), "PSNR is a histogram");
      // Kafka Streams' own, per role, through the Micrometer bridge: thread throughput and the consumers' lag.
      for (String role : new String[] {"tx", "channel", "rx"}) {
        assertTrue(Pattern.compile("kafka_stream_thread_process_total\\{[^}]*role=\"" + role + "\"").matcher(text).find(),
            "stream-thread metrics of " + role);
      }
      assertTrue(text.contains("kafka_consumer_fetch_manager_records_lag_max"), "consumer lag");
      assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
    }
  }

  /** The value of the one sample of {@code name} whose labels include every one of {@code labels}. */
  static double value(String text, String name, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
    Double found = null;
    while (m.find()) {
      boolean all = true;
      for (String l : labels) {
        all &= m.group(1).contains(l);
      }
      if (all) {
        if (found != null) {
          throw new AssertionError("more than one " + name + " with " + String.join(",", labels));
        }
        found = Double.parseDouble(m.group(2));
      }
    }
    if (found == null) {
      throw new AssertionError("no " + name + " with " + String.join(",", labels) + " in\n" + grep(text, name));
    }
    return found;
  }

  private static String grep(String text, String prefix) {
    StringBuilder b = new StringBuilder();
    String stem = prefix.contains("_") ? prefix.substring(0, prefix.indexOf('_', prefix.indexOf('_') + 1) < 0
        ? prefix.length() : prefix.indexOf('_', prefix.indexOf('_') + 1)) : prefix;
    text.lines().filter(l -> l.startsWith(stem)).limit(40).forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }
}
