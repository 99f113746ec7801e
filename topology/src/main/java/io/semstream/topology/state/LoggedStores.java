package io.semstream.topology.state;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * RocksDB key-value stores with a changelog (DESIGN §1: a crashed instance's successor restores
 * the state). The changelog's {@code max.message.bytes} is set here too, not only through
 * {@code topic.max.message.bytes} in the Streams config, so a store that holds frames keeps working
 * whatever properties the topology is run with.
 */
public final class LoggedStores {
  private LoggedStores() {}

  public static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> valueSerde, int maxRecordBytes) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde)
        .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(changelogLimit(maxRecordBytes))))
        // The cache absorbs a put followed by a delete within one commit interval (a reference
        // frame used at once, a packet held briefly), which then never reaches the changelog.
        .withCachingEnabled();
  }

  private static int changelogLimit(int maxRecordBytes) {
    return (int) Math.min(Integer.MAX_VALUE, (long) maxRecordBytes + 64 * 1024);
  }
}
