package io.semstream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every committed older version of every record schema, so readers can resolve data written by
 * older writers. The versions live in {@code schema-history/} on the classpath, listed in
 * {@code schema-history/index.txt}; a new version is added there before a schema changes.
 */
public final class SchemaHistory {

  private static final String INDEX = "schema-history/index.txt";
  private static volatile SchemaStore.Cache store;

  private SchemaHistory() {}

  /** The store of all known writer schemas (current generated classes and the history). */
  public static SchemaStore store() {
    SchemaStore.Cache s = store;
    if (s == null) {
      synchronized (SchemaHistory.class) {
        if (store == null) {
          store = load();
        }
        s = store;
      }
    }
    return s;
  }

  private static SchemaStore.Cache load() {
    SchemaStore.Cache cache = new SchemaStore.Cache();
    ClassLoader loader = SchemaHistory.class.getClassLoader();
    try (InputStream index = loader.getResourceAsStream(INDEX)) {
      if (index == null) {
        return cache;
      }
      String[] lines = new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\R");
      Schema.Parser parser = new Schema.Parser();
      for (String line : lines) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream in = loader.getResourceAsStream("schema-history/" + name)) {
          if (in == null) {
            throw new IllegalStateException("schema history lists a missing file: " + name);
          }
          // Each history file is self-contained, so parse it with a fresh parser.
          Schema schema = new Schema.Parser().parse(in);
          cache.addSchema(schema);
        }
      }
      return cache;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
  }

  /** Registers a schema at run time (tests, tools). */
  public static void register(Schema schema) {
    ((SchemaStore.Cache) store()).addSchema(schema);
  }
}
