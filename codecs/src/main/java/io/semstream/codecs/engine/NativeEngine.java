package io.semstream.codecs.engine;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Unsafe;

/**
 * The PyTorch engine as every SemStream model uses it: its CPU allocator zero-fills each buffer, and every
 * thread that runs a model runs its operators on the same number of intra-op threads.
 *
 * <p>Why: several oneDNN convolution kernels (on AVX2 and AVX-512; not on SSE4.1) copy their input into
 * a layout padded to a block of channels and read the padding, which nothing writes. A padding value
 * times a zero weight is zero unless the padding holds NaN, which freed memory may: a frame then
 * decodes to all NaN, depending on what the coding thread freed before (for the Deep JSCC decoder's
 * 24-channel stem, RocksDB writes between decodes were enough). Which kernel pads depends on the CPU,
 * the shape and the input size. Zero-filling PyTorch's allocations makes the padding zero for every
 * kernel and keeps the fast kernels; the flag is libc10's own ({@code caffe2_cpu_allocator_do_zero_fill}),
 * set in place because neither DJL nor PyTorch reads it from anywhere else.
 *
 * <p>Threads: results depend on how many threads an operator splits its work over (reductions add in
 * another order; PyTorch even picks another kernel for 1×1 convolutions), and the backward pass of
 * oneDNN's convolutions on AVX2/AVX-512 is not repeatable on more than one thread. So the count is fixed
 * per process ({@value #THREADS_PROPERTY}, default 1) and applied to every thread that runs a model
 * ({@link #scope}), since OpenMP keeps it per calling thread. One thread per operator also suits the
 * pipeline: its roles and streams run in parallel on their own threads (on this machine a second
 * intra-op thread speeds a Deep JSCC encode and decode up by about a fifth).
 */
public final class NativeEngine {
  /** What PyTorch's CPU allocator writes into a new buffer. */
  public enum Fill {
    /** Nothing: PyTorch's default, whatever the memory held before. */
    NONE,
    /** Zeros: SemStream's setting. */
    ZERO,
    /** A NaN pattern in every new buffer: for tests that show which code reads memory it never wrote. */
    JUNK
  }

  private static final String ENGINE = "PyTorch";
  private static final String LIBRARY = "libc10.so";
  private static final String ZERO_FLAG = "FLAGS_caffe2_cpu_allocator_do_zero_fill";
  private static final String JUNK_FLAG = "FLAGS_caffe2_cpu_allocator_do_junk_fill";
  /**
   * c10's log threshold. Raised to errors: with one intra-op thread PyTorch asks NNPACK, which this CPU
   * lacks, about every 1×1 convolution, and c10 logs "Could not initialize NNPACK" each time.
   */
  private static final String LOG_LEVEL_FLAG = "FLAGS_caffe2_log_level";
  private static final int LOG_LEVEL_ERROR = 2;

  /**
   * System property naming the allocator's fill ({@code zero}, the default; {@code none} or {@code junk} to
   * reproduce the fault this class removes, never for real work).
   */
  public static final String FILL_PROPERTY = "semstream.engine.allocatorFill";
  /** System property: intra-op threads per operator, for the whole process (default 1). */
  public static final String THREADS_PROPERTY = "semstream.engine.threads";

  private static volatile Flags flags;
  private static volatile int threads;
  /** Held while a network draws its initial values from the engine's generator. */
  private static final Object GENERATOR = new Object();
  /** Bumped whenever the count changes, so each thread sets its own again on its next operation. */
  private static final AtomicInteger GENERATION = new AtomicInteger(1);
  private static final ThreadLocal<Integer> PINNED = ThreadLocal.withInitial(() -> 0);

  /**
   * Held while a gradient collector is open: PyTorch's engine in DJL allows one collector at a time per
   * process, and a telemetry transmitter fitting latents may run beside a decoder fine-tune.
   */
  public static final Object GRADIENTS = new Object();

  private NativeEngine() {}

  /** A new model on the PyTorch engine, configured; the caller closes it. */
  public static Model newModel(String name) {
    configure();
    return Model.newInstance(name, ENGINE);
  }

  /** Loads the engine and zero-fills its allocations from now on; idempotent and thread-safe. */
  public static void configure() {
    if (flags == null) {
      synchronized (NativeEngine.class) {
        if (flags == null) {
          Flags f = locate();
          f.set(configuredFill());
          threads = Math.max(1, Integer.getInteger(THREADS_PROPERTY, 1));
          flags = f;
        }
      }
    }
    pinThread();
  }

  /**
   * Runs a network's random initialisation from the engine's generator seeded with {@code seed}, with no
   * other initialisation in between: the generator is one per process, and a model another thread builds
   * meanwhile (a transmitter's mirror, say) would otherwise take some of the draws.
   */
  public static void initialiseSeeded(long seed, Runnable initialisation) {
    configure();
    synchronized (GENERATOR) {
      Engine.getEngine(ENGINE).setRandomSeed((int) seed);
      initialisation.run();
    }
  }

  /** Runs an initialisation whose values will be overwritten (trained weights follow) without seeding. */
  public static void initialise(Runnable initialisation) {
    configure();
    synchronized (GENERATOR) {
      initialisation.run();
    }
  }

  private static Fill configuredFill() {
    String v = System.getProperty(FILL_PROPERTY, "zero");
    try {
      return Fill.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FILL_PROPERTY + " must be zero, none or junk, got '" + v + "'", e);
    }
  }

  /** Intra-op threads per operator in this process. */
  public static int threads() {
    configure();
    return threads;
  }

  /**
   * A scope on the model's manager for one operation, with the calling thread set to the process's
   * intra-op thread count; close it when done.
   */
  public static NDManager scope(Model model) {
    configure();
    return model.getNDManager().newSubManager();
  }

  /**
   * Changes the process's intra-op thread count and returns the old one. For processes that run one large
   * job (training); anything coded meanwhile by other threads may come out different from the same coding
   * at the old count.
   */
  public static synchronized int setThreads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1, got " + count);
    }
    configure();
    int old = threads;
    threads = count;
    GENERATION.incrementAndGet();
    pinThread();
    return old;
  }

  private static void pinThread() {
    int generation = GENERATION.get();
    if (PINNED.get() != generation) {
      JniUtils.setNumThreads(threads);
      PINNED.set(generation);
    }
  }

  /** The allocator's fill now. */
  public static Fill fill() {
    configure();
    return flags.get();
  }

  /**
   * Changes the allocator's fill for the whole process. Only tests call this, to show what SemStream's
   * setting protects against; every model expects {@link Fill#ZERO}.
   */
  public static void setFill(Fill fill) {
    configure();
    flags.set(fill);
  }

  private static Flags locate() {
    Engine.getEngine(ENGINE); // loads the native libraries, so they are mapped
    try {
      Path library = null;
      long start = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 6 && f[5].endsWith("/" + LIBRARY) && Long.parseUnsignedLong(f[2], 16) == 0) {
          library = Path.of(f[5]);
          start = Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
          break;
        }
      }
      if (library == null) {
        throw new IllegalStateException(LIBRARY + " is not mapped in this process");
      }
      ElfSymbols elf = ElfSymbols.read(library);
      long bias = start - elf.firstLoadAddress();
      OptionalLong zero = elf.address(ZERO_FLAG, 1);
      OptionalLong junk = elf.address(JUNK_FLAG, 1);
      if (zero.isEmpty() || junk.isEmpty()) {
        throw new IllegalStateException(library + " does not export " + ZERO_FLAG + " and " + JUNK_FLAG);
      }
      Unsafe unsafe = unsafe();
      OptionalLong logLevel = elf.address(LOG_LEVEL_FLAG, 4);
      if (logLevel.isPresent()) {
        unsafe.putIntVolatile(null, bias + logLevel.getAsLong(), LOG_LEVEL_ERROR);
      }
      return new Flags(unsafe, bias + zero.getAsLong(), bias + junk.getAsLong());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot configure PyTorch's CPU allocator to zero-fill (" + e.getMessage()
          + "); without it some convolutions read uninitialised memory and can output NaN", e);
    }
  }

  private static Unsafe unsafe() {
    try {
      Field f = Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (Unsafe) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("sun.misc.Unsafe is not available", e);
    }
  }

  /** The two bool flags of libc10; zero-fill wins over junk-fill when both are set. */
  private record Flags(Unsafe unsafe, long zeroAddress, long junkAddress) {
    void set(Fill fill) {
      unsafe.putByteVolatile(null, zeroAddress, (byte) (fill == Fill.ZERO ? 1 : 0));
      unsafe.putByteVolatile(null, junkAddress, (byte) (fill == Fill.JUNK ? 1 : 0));
    }

    Fill get() {
      if (unsafe.getByteVolatile(null, zeroAddress) != 0) {
        return Fill.ZERO;
      }
      return unsafe.getByteVolatile(null, junkAddress) != 0 ? Fill.JUNK : Fill.NONE;
    }
  }
}
