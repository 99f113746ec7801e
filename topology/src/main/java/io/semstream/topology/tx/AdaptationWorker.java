package io.semstream.topology.tx;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.hybrid.DecoderMirror;
import io.semstream.codecs.hybrid.OnlineAdapter;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs online adaptation for every stream of a transmitter off the stream threads, one job at a time.
 *
 * <p>One at a time because DJL's PyTorch engine allows one gradient collector per JVM; the default
 * executor is a single thread shared by the whole JVM for the same reason. The worker owns its mirror
 * codecs (one per codec id, never an encoder's instance, which a stream thread is using) and swaps each
 * job's stream vector into the mirror, so one mirror serves any number of streams.
 */
public final class AdaptationWorker {

  /**
   * One group to adapt on.
   *
   * @param baseParameters the stream's vector at {@code baseVersion}; null while it is the shipped one
   * @param headStart the tuned values of the stream's last refused attempt on {@code baseVersion}, or null:
   *     passed in rather than remembered here so that the transmitter's stores, not this worker, hold them
   *     and a restarted transmitter tunes from the same start
   */
  public record Job(String streamId, String codecId, long baseVersion, float[] baseParameters,
      List<RgbImage> frames, double snrDb, float[] headStart) {
    public Job {
      frames = List.copyOf(frames);
    }
  }

  /**
   * What a job produced.
   *
   * @param parameters the mirror's vector after a sent delta (what the receiver will rebuild from the
   *     delta, bit for bit); null when the delta was refused
   */
  public record Done(Job job, OnlineAdapter.Result result, float[] parameters) {}

  private final CodecRegistry registry;
  private final AdaptationSettings settings;
  private final Executor executor;
  /** Guards the mirrors; held while a job trains, so never taken on a stream thread. */
  private final Object training = new Object();
  private final Map<String, DecoderMirror> mirrors = new HashMap<>();
  private final AtomicInteger users = new AtomicInteger();

  /** @param executor where jobs run; a direct executor ({@code Runnable::run}) makes them synchronous */
  public AdaptationWorker(CodecRegistry registry, AdaptationSettings settings, Executor executor) {
    this.registry = registry;
    this.settings = settings;
    this.executor = executor;
  }

  /** The single JVM-wide adaptation thread (a daemon: it holds nothing that must outlive the streams). */
  public static Executor sharedThread() {
    return SharedThread.EXECUTOR;
  }

  private static final class SharedThread {
    static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "semstream-adaptation");
      t.setDaemon(true);
      return t;
    });
  }

  /** Whether the codec's decoder can be adapted by a mirror, i.e. whether streams coded with it adapt. */
  public static boolean adapts(Codec codec) {
    return DecoderMirror.adapts(codec);
  }

  /**
   * Queues a job. One still queued when the last processor has detached is skipped (its future completes
   * with null): nothing would read its outcome, and it would hold the shared thread for the next pipeline.
   */
  public CompletableFuture<Done> submit(Job job) {
    return CompletableFuture.supplyAsync(() -> users.get() > 0 ? run(job) : null, executor);
  }

  /** A processor starts using the worker. */
  public void attach() {
    users.incrementAndGet();
  }

  /**
   * A processor stops using the worker; when the last one has, the mirrors are closed on the executor,
   * after any job still running.
   */
  public void detach() {
    if (users.decrementAndGet() == 0) {
      executor.execute(this::closeMirrorsIfUnused);
    }
  }

  private Done run(Job job) {
    // Whatever executor a caller passes, two jobs never train at once.
    synchronized (training) {
      DecoderMirror mirror = mirrors.computeIfAbsent(job.codecId(), id -> DecoderMirror.of(registry.create(id)));
      mirror.write(job.baseParameters() != null ? job.baseParameters() : mirror.shipped());
      OnlineAdapter adapter = mirror.adapter(settings.adapterOptions(job.streamId().hashCode()), job.baseVersion(),
          job.headStart());
      OnlineAdapter.Result result = adapter.adapt(job.frames(), job.snrDb());
      return new Done(job, result, result.sent() ? mirror.read() : null);
    }
  }

  private void closeMirrorsIfUnused() {
    synchronized (training) {
      if (users.get() == 0) {
        mirrors.values().forEach(DecoderMirror::close);
        mirrors.clear();
      }
    }
  }
}
