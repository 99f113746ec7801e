package io.semstream.topology.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.topology.StreamsSettings;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedRocksDbMemoryTest {
  private static final String[] STORES = {"a", "b", "c"};
  private static final int VALUES = 120;

  @TempDir Path dir;

  @Test
  void everyRoleInstallsIt() {
    for (String role : new String[] {"tx", "channel", "rx"}) {
      assertEquals(BoundedRocksDbMemory.class,
          StreamsSettings.forRole(role, "b:9092", null).get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
    }
  }

  @Test
  void storesWriteFarMoreThanTheBoundThroughTheSharedCacheAndReadBackWhatTheyWrote() {
    Topology t = new Topology();
    t.addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), "in");
    t.addProcessor("put", StorePutter::new, "in");
    for (String store : STORES) {
      t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
          Serdes.ByteArray()).withLoggingDisabled(), "put");
    }
    Properties p = StreamsSettings.forRole("tx", "dummy:9092", null);
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    // 3 stores × 120 values of 1 MiB: far over the bound if each store kept its own memtables and cache.
    try (TopologyTestDriver driver = new TopologyTestDriver(t, p)) {
      TestInputTopic<String, byte[]> in = driver.createInputTopic("in", new StringSerializer(),
          new ByteArraySerializer());
      long most = 0;
      for (int i = 0; i < VALUES; i++) {
        byte[] value = new byte[1 << 20];
        value[0] = (byte) i;
        value[value.length - 1] = (byte) (i * 7);
        in.pipeInput("k" + i, value);
        most = Math.max(most, BoundedRocksDbMemory.usage());
      }
      assertTrue(most > 0, "the stores charge the shared cache");
      assertTrue(most <= BoundedRocksDbMemory.TOTAL_BYTES + (8L << 20), "the shared cache held " + most + " bytes");
      for (String store : STORES) {
        KeyValueStore<String, byte[]> s = driver.getKeyValueStore(store);
        for (int i = 0; i < VALUES; i += 17) {
          byte[] value = s.get("k" + i);
          assertEquals(1 << 20, value.length);
          assertArrayEquals(new byte[] {(byte) i, (byte) (i * 7)}, new byte[] {value[0], value[value.length - 1]});
        }
      }
    }
  }

  private static final class StorePutter implements Processor<String, byte[], Void, Void> {
    private ProcessorContext<Void, Void> context;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> r) {
      for (String store : STORES) {
        KeyValueStore<String, byte[]> s = context.getStateStore(store);
        s.put(r.key(), r.value());
      }
    }
  }
}
