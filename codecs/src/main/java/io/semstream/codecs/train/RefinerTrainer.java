package io.semstream.codecs.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.hda.HybridDigitalAnalogCodec;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.softcast.Refiner;
import io.semstream.codecs.softcast.RefinerModel;
import io.semstream.codecs.softcast.SoftCastCodec;
import io.semstream.codecs.weights.WeightsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains a receiver refiner: MSE between the refined picture and the original, on crops of the
 * {@link ReconstructionBank}'s pairs (training photos through SoftCast or the hybrid codec and AWGN at
 * random SNRs and CBRs).
 * Adam with a cosine schedule; every {@code checkpointEvery} steps the weights, the optimiser's moments and
 * the step go to the checkpoint folder, so {@code --resume} continues the very same run. The network starts
 * as the identity (its output layer at zero), i.e. as the codec it refines, and the log shows what it adds
 * over the codec's picture on the batches it trains on.
 */
public final class RefinerTrainer {
  /** Which codec's pictures the refiner learns to correct, and where its weights ship. */
  public enum Target {
    SOFTCAST(RefinerModel.SOFTCAST, "LLSE"), HDA(RefinerModel.HDA, "hybrid");

    private final RefinerModel weights;
    /** What the log calls the picture before refining. */
    private final String received;

    Target(RefinerModel weights, String received) {
      this.weights = weights;
      this.received = received;
    }

    /** Where the weights ship, from the project's root. */
    public Path defaultOutput() {
      return Path.of("codecs/src/main/resources" + weights.resource());
    }

    Codec codec(double cbr) {
      return this == SOFTCAST ? new SoftCastCodec("softcast-train", cbr) : new HybridDigitalAnalogCodec("hda-train", cbr);
    }
  }

  /**
   * @param bank pairs kept in memory (each a whole frame of the target codec)
   * @param stopAt stop after this step (the schedule still spans {@code steps})
   * @param frameSides sides of the frames the bank makes (null: the default list)
   */
  public record Options(Target target, Path photos, Path output, Path checkpointDir, int steps, int batch, int crop,
      float lr, long seed, double snrMin, double snrMax, boolean resume, int checkpointEvery, int bank, Refiner.Config config,
      int stopAt, int[] frameSides) {
    public Options {
      if (frameSides == null) {
        frameSides = ReconstructionBank.DEFAULT_SIDES;
      }
      for (int side : frameSides) {
        if (side < crop) {
          throw new IllegalArgumentException("--frame-sides must be at least --crop (" + crop + "), got " + side);
        }
      }
      if (crop % 2 != 0 || crop < 16 || crop > 192) {
        throw new IllegalArgumentException("--crop must be even and in 16..192 for the refiner, got " + crop);
      }
      if (bank < 8) {
        throw new IllegalArgumentException("the reconstruction bank needs at least 8 frames, got " + bank);
      }
    }
  }

  public void train(Options o, PrintStream log) throws IOException, InterruptedException {
    PhotoSet photos = PhotoSet.load(o.photos(), 192);
    log.printf("refiner (%s): %d training photos from %s; bank of %d frames%n", o.target(), photos.size(),
        o.photos(), o.bank());
    AdamCheckpoint checkpoint = new AdamCheckpoint(o.checkpointDir());
    try (Model model = RefinerModel.newModel(o.config(), o.seed());
         ReconstructionBank bank = new ReconstructionBank(photos, o.target(), o.bank(), o.snrMin(), o.snrMax(), o.seed(),
             o.frameSides())) {
      Refiner net = (Refiner) model.getBlock();
      AdamState adam = new AdamState(net);
      int start = 0;
      if (o.resume() && checkpoint.exists()) {
        start = checkpoint.restore(net, adam);
        log.printf("resumed at step %d from %s%n", start, o.checkpointDir());
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(true);
      }
      Tracker schedule = Tracker.cosine().setBaseValue(o.lr()).optFinalValue(o.lr() / 20f)
          .setMaxUpdates(Math.max(1, o.steps())).build();
      log.printf("filling the bank (%d frames) ...%n", o.bank());
      bank.awaitAtLeast(o.bank());
      ParameterStore ps = new ParameterStore(model.getNDManager(), false);
      MovingAverage linear = new MovingAverage(), refined = new MovingAverage();
      long t0 = System.nanoTime();
      int last = Math.min(o.stopAt(), o.steps());
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train refiner").setInitialMax(last)
          .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(ExplicitTrainer.TRAINING_BAR_WIDTH).build()) {
        bar.stepTo(start);
        for (int step = start; step < last; step++) {
          SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
          float lr = schedule.getNewValue(step);
          double[] psnr = trainStep(model, net, ps, adam, bank, rng, o, lr);
          bank.stepTaken();
          linear.add(psnr[0]);
          refined.add(psnr[1]);
          bar.step();
          if ((step + 1) % 50 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, " %s %.2f dB, refined %.2f (%+.2f)", o.target().received,
                linear.value, refined.value, refined.value - linear.value));
          }
          if ((step + 1) % o.checkpointEvery() == 0 || step + 1 == last) {
            checkpoint.save(net, adam, step + 1);
            log.printf("%nstep %d: %s %.2f dB, refined %.2f dB (%+.2f) on training crops; lr %.2e; %.2f s a step;"
                + " bank %d frames made%n", step + 1, o.target().received, linear.value, refined.value,
                refined.value - linear.value, lr, (System.nanoTime() - t0) / 1e9 / (step + 1 - start), bank.made());
          }
        }
      }
      for (Parameter p : adam.parameters()) {
        p.getArray().setRequiresGradient(false);
      }
      if (last == o.steps() || o.stopAt() == last) {
        Files.createDirectories(o.output().toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(o.output())) {
          WeightsFile.save(net, out, true);
        }
        log.printf("weights written to %s (float16)%n", o.output());
      }
    }
  }

  /** One Adam step on a batch of crops; returns the batch's mean PSNR before and after refining. */
  private static double[] trainStep(Model model, Refiner net, ParameterStore ps, AdamState adam,
      ReconstructionBank bank, SplittableRandom rng, Options o, float lr) {
    int b = o.batch(), c = o.crop(), plane = c * c;
    float[] received = new float[b * 3 * plane];
    float[] original = new float[b * 3 * plane];
    float[] link = new float[b * 2];
    for (int i = 0; i < b; i++) {
      ReconstructionBank.Pair p = bank.any(rng);
      int x0 = rng.nextInt(p.original().width() - c + 1), y0 = rng.nextInt(p.original().height() - c + 1);
      copy(p.received(), x0, y0, c, received, i * 3 * plane);
      copy(p.original(), x0, y0, c, original, i * 3 * plane);
      float[] l = Refiner.link(p.snrDb(), p.cbr());
      link[2 * i] = l[0];
      link[2 * i + 1] = l[1];
    }
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray x = scope.create(received, new Shape(b, 3, c, c));
      NDArray target = scope.create(original, new Shape(b, 3, c, c));
      NDArray l = scope.create(link, new Shape(b, 2));
      double before = psnr(x.sub(target).square().mean().getFloat());
      double after;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = net.forward(ps, new NDList(x, l), true).singletonOrThrow();
        NDArray loss = y.sub(target).square().mean();
        gc.backward(loss);
        after = psnr(loss.getFloat());
      }
      if (!Double.isFinite(after)) {
        throw new IllegalStateException("refiner training diverged: the loss is " + after);
      }
      adam.step(lr);
      return new double[] {before, after};
    }
  }

  private static double psnr(double mse) {
    return 10 * Math.log10(1 / Math.max(mse, 1e-12));
  }

  private static void copy(RgbImage img, int x0, int y0, int c, float[] out, int base) {
    int plane = c * c;
    byte[] rgb = img.rgb();
    for (int y = 0; y < c; y++) {
      for (int x = 0; x < c; x++) {
        int src = ((y0 + y) * img.width() + x0 + x) * 3;
        int dst = base + y * c + x;
        out[dst] = (rgb[src] & 0xFF) / 255f;
        out[dst + plane] = (rgb[src + 1] & 0xFF) / 255f;
        out[dst + 2 * plane] = (rgb[src + 2] & 0xFF) / 255f;
      }
    }
  }
}
