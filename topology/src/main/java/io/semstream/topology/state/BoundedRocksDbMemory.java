package io.semstream.topology.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One bound on the native memory of every RocksDB store in the JVM: their block caches, index and filter
 * blocks and memtables all draw on one shared LRU cache of {@link #TOTAL_BYTES}, memtables at most
 * {@link #MEMTABLE_BYTES} of it.
 *
 * <p>Why: Kafka Streams gives each store instance its own 50 MB block cache and up to three 16 MB
 * memtables. The roles hold about twenty stores per partition, so what RocksDB may take grows with the
 * partitions a JVM owns into gigabytes, and it fills slowly (a memtable of frames at 1 frame/s takes
 * minutes), which a soak run sees as resident memory rising for the better part of an hour. The stores
 * here are small and mostly written (frames waiting for a group, parameter vectors, link states), so a
 * small shared cache costs nothing measurable. {@code StreamsSettings} installs it for every role;
 * {@code rocksdb.config.setter} in {@code --config} replaces it.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** Block cache, index and filter blocks and memtables of every store in this JVM, together. */
  public static final long TOTAL_BYTES = 64L << 20;
  /** The memtables' share of {@link #TOTAL_BYTES}. */
  public static final long MEMTABLE_BYTES = 24L << 20;
  /** One memtable's size: a frame of 768×512 fits, and a store rarely needs more than two. */
  static final long WRITE_BUFFER_BYTES = 4L << 20;

  private static final Cache CACHE;
  private static final WriteBufferManager MEMTABLES;

  static {
    RocksDB.loadLibrary();
    // Strict limit off: a value larger than what is free still gets in (and evicts), instead of failing.
    CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    MEMTABLES = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(MEMTABLES);
    options.setWriteBufferSize(WRITE_BUFFER_BYTES);
    options.setMaxWriteBufferNumber(2);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the manager are shared by every store of the JVM and live as long as it does.
  }

  /** Bytes the shared cache holds now (memtables charged to it included). */
  public static long usage() {
    return CACHE.getUsage();
  }
}
