package io.semstream.topology;

/**
 * A processor could not set itself up: its codec cannot be created here (weights missing or unreadable, a
 * tool not installed). A replacement stream thread would fail the same way, so the role stops and says why
 * instead of retrying.
 */
public final class ProcessorStartupException extends RuntimeException {
  public ProcessorStartupException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The first startup failure in {@code error}'s causes, or null. */
  public static ProcessorStartupException in(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ProcessorStartupException p) {
        return p;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
