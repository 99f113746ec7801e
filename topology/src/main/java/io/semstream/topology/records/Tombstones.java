package io.semstream.topology.records;

/** What a reader does with a record whose value is null. */
public enum Tombstones {
  /** Nothing produces them on this topic: dead-letter. */
  REJECT,
  /** They mean "forget this key" (channel-state): pass on as a {@link Received} with a null value. */
  FORWARD,
  /** Compaction artefacts (model-checkpoints): drop silently. */
  IGNORE
}
