package io.semstream.topology.rx;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads a receiver's processors hand per-frame work to (the reconstruction's PNG, MS-SSIM channels),
 * one per core, shared by every processor of the JVM. Daemons: they hold no state, and a task always
 * finishes within the processing step that waits for it.
 */
final class ReceiverHelpers {
  private static final AtomicInteger COUNT = new AtomicInteger();

  static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "semstream-rx-helper-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
      });

  private ReceiverHelpers() {}
}
