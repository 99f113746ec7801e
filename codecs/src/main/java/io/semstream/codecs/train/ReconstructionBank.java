package io.semstream.codecs.train;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelOutput;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.TxPacket;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Training pairs for a receiver that refines SoftCast's or the hybrid codec's picture: windows of the
 * training photos, of several sizes and scales, sent through the codec ({@link RefinerTrainer.Target}) and the AWGN
 * channel at random SNRs and CBRs, with the picture the receiver got. Both work on whole frames (SoftCast's
 * chunks are the frame's DCT bands, the source codec's rate is the frame's), so a pair is a frame and crops
 * are taken from it afterwards. A thread of its own fills the bank, then replaces one pair for
 * every training step ({@link #stepTaken}), so the data keep changing without taking a core from training.
 */
final class ReconstructionBank implements AutoCloseable {
  /** The CBRs trained on and how often: the two presets mostly, others so any CBR is served. */
  private static final double[] CBRS = {1.0 / 16, 1.0 / 48, 1.0 / 24, 1.0 / 32, 1.0 / 96, 1.0 / 12};
  private static final double[] CBR_WEIGHTS = {0.35, 0.35, 0.08, 0.08, 0.07, 0.07};
  /**
   * Frame sides (each of width and height drawn from the list) by default. SoftCast's picture depends on the
   * frame's size, since the chunks are bands of the whole frame's spectrum, so the bank spans the sizes
   * users send, photos of 768×512 and beyond included.
   */
  static final int[] DEFAULT_SIDES = {192, 256, 384, 512, 640, 768, 1024};

  record Pair(RgbImage original, RgbImage received, double snrDb, double cbr) {}

  private final PhotoSet photos;
  private final RefinerTrainer.Target sender;
  private final double snrMin, snrMax;
  private final int[] sides;
  private final long seed;
  private final AtomicReferenceArray<Pair> pairs;
  private final AtomicLong made = new AtomicLong();
  private final Thread producer;
  private final java.util.concurrent.Semaphore steps = new java.util.concurrent.Semaphore(0);
  private volatile boolean stopped;

  ReconstructionBank(PhotoSet photos, RefinerTrainer.Target sender, int size, double snrMin, double snrMax, long seed,
      int[] sides) {
    this.photos = photos;
    this.sender = sender;
    this.sides = sides.clone();
    this.snrMin = snrMin;
    this.snrMax = snrMax;
    this.seed = seed;
    this.pairs = new AtomicReferenceArray<>(size);
    this.producer = new Thread(this::produce, "refiner-bank");
    this.producer.setDaemon(true);
    this.producer.start();
  }

  /** Pairs made so far. */
  long made() {
    return made.get();
  }

  /** Blocks until at least {@code n} slots hold a pair. */
  void awaitAtLeast(int n) throws InterruptedException {
    while (made.get() < Math.min(n, pairs.length())) {
      Thread.sleep(200);
    }
  }

  /** Training took a step: the bank may replace one more pair. */
  void stepTaken() {
    steps.release();
  }

  /** A random filled slot. */
  Pair any(SplittableRandom rng) {
    int filled = (int) Math.min(made.get(), pairs.length());
    return pairs.get(rng.nextInt(filled));
  }

  private void produce() {
    long n = 0;
    while (!stopped) {
      if (made.get() >= pairs.length()) {
        try {
          steps.acquire();
        } catch (InterruptedException e) {
          return;
        }
      }
      SplittableRandom rng = new SplittableRandom(seed * 7_919 + n);
      Pair p = make(rng);
      if (p != null) {
        pairs.set((int) (made.get() % pairs.length()), p);
        made.incrementAndGet();
      }
      n++;
    }
  }

  private Pair make(SplittableRandom rng) {
    int w = sides[rng.nextInt(sides.length)], h = sides[rng.nextInt(sides.length)];
    RgbImage original = photos.randomWindow(rng, w, h);
    if (original == null) {
      return null;
    }
    double u = rng.nextDouble(), cbr = CBRS[0];
    for (int i = 0; i < CBRS.length; i++) {
      if (u < CBR_WEIGHTS[i]) {
        cbr = CBRS[i];
        break;
      }
      u -= CBR_WEIGHTS[i];
    }
    double snr = snrMin + (snrMax - snrMin) * rng.nextDouble();
    try (Codec codec = sender.codec(cbr)) {
      TxPacket tx = codec.encode(new SourceFrame("train", 0, 0, original), LinkConditions.awgn(snr));
      ChannelConfig channel = ChannelConfig.awgn(snr);
      ChannelOutput out = new ChannelSimulator(rng.nextLong()).transmit(Symbols.fromBytes(tx.getSymbols()), channel,
          "train", 0, null);
      RgbImage received = codec.decode(RxPackets.from(tx, out, channel, 0));
      return new Pair(original, received, snr, cbr);
    } catch (FrameLostException lost) {
      // The hybrid's base layer failed its CRC (a noise draw at the MCS's edge): no picture to learn from.
      return null;
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a training pair: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    stopped = true;
    producer.interrupt();
  }
}
