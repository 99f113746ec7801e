package io.semstream.topology.records;

/** The largest record value a pipeline topic holds (its {@code max.message.bytes}) and a producer sends. */
public final class RecordLimit {
  public static final int BYTES = 8 * 1024 * 1024;

  private RecordLimit() {}
}
