package io.semstream.topology.state;

/**
 * Store keys {@code streamId/seq} with the seq zero-padded to 19 digits, so that the byte order of
 * the store is seq order and a prefix scan of {@code streamId/} walks one stream oldest first.
 */
public final class StreamSeqKey {
  private static final int DIGITS = 19;

  private StreamSeqKey() {}

  public static String of(String streamId, long seq) {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
    String digits = Long.toString(seq);
    return prefix(streamId) + "0".repeat(DIGITS - digits.length()) + digits;
  }

  public static String prefix(String streamId) {
    return streamId + "/";
  }

  /**
   * The seq of a key found under {@code prefix(streamId)}, or -1 when the key belongs to another
   * stream whose id merely starts with {@code streamId/} (stream "a" vs stream "a/b").
   */
  public static long seqOf(String key, String streamId) {
    String prefix = prefix(streamId);
    if (!key.startsWith(prefix) || key.length() != prefix.length() + DIGITS) {
      return -1;
    }
    for (int i = prefix.length(); i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return Long.parseLong(key.substring(prefix.length()));
  }
}
