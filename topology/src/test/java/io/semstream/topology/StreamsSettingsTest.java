package io.semstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  @Test
  void defaultsOfARole() {
    Properties p = StreamsSettings.forRole("rx", "b:9092", null);
    assertEquals("semstream-rx", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals("b:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals(100, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    assertEquals(-1, p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
    assertEquals(8 * 1024 * 1024, p.get("producer.max.request.size"));
    assertEquals(Integer.toString(8 * 1024 * 1024), p.get("topic.max.message.bytes"));
    assertTrue(p.get(StreamsConfig.STATE_DIR_CONFIG).toString().startsWith(System.getProperty("java.io.tmpdir")));
    // Every property must be one Kafka Streams accepts.
    new StreamsConfig(p);
  }

  @Test
  void overridesWinAndThePrefixNamesTheApplication() {
    Properties o = new Properties();
    o.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    o.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 4);
    Properties p = StreamsSettings.forRole("tx", "b:9092", "run7.", o);
    assertEquals("run7.semstream-tx", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals(StreamsConfig.AT_LEAST_ONCE, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals(4, p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
  }

  @Test
  void unknownRole() {
    assertThrows(IllegalArgumentException.class, () -> StreamsSettings.forRole("decoder", "b:9092", null));
  }

  @Test
  void topicsAndRoles() {
    assertEquals(List.of("frames", "telemetry", "channel-state", "tx-symbols", "rx-symbols", "model-deltas",
        "model-checkpoints", "reconstructions", "telemetry-reconstructions", "metrics", "dead-letter"),
        Topics.defaults().all());
    assertEquals("run7.rx-symbols", Topics.withPrefix("run7.").rxSymbols());
    assertThrows(IllegalArgumentException.class, () -> Topics.withPrefix("a b"));
    assertEquals(java.util.EnumSet.allOf(Role.class), Role.parseList("all"));
    assertEquals(java.util.EnumSet.of(Role.TX, Role.RX), Role.parseList("tx, rx"));
  }
}
