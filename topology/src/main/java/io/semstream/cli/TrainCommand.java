package io.semstream.cli;

import io.semstream.codecs.train.DeepJsccTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", description = {
    "Train a codec's network with the channel in the loop and write its weights.",
    "Photos come from scripts/extract-photos.sh (data/photos/train)."})
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--codec", description = "Codec family to train: deepjscc.", defaultValue = "deepjscc")
  String codec;

  @Option(names = "--photos", description = "Folder of training photographs.", defaultValue = "data/photos/train")
  Path photos;

  @Option(names = "--out", description = "Weights file to write (float16).",
      defaultValue = "codecs/src/main/resources/models/deepjscc/deepjscc.ssw")
  Path out;

  @Option(names = "--checkpoint-dir", description = "Where resumable checkpoints go.", defaultValue = "runs/deepjscc")
  Path checkpoints;

  @Option(names = "--steps", defaultValue = "5000") int steps;
  @Option(names = "--batch", defaultValue = "16") int batch;
  @Option(names = "--crop", description = "Crop size in pixels (a multiple of 8).", defaultValue = "64") int crop;
  @Option(names = "--lr", description = "Adam learning rate (cosine decay to lr/20).", defaultValue = "1e-3") float lr;
  @Option(names = "--seed", defaultValue = "7") long seed;
  @Option(names = "--snr-min", defaultValue = "0") double snrMin;
  @Option(names = "--snr-max", defaultValue = "20") double snrMax;
  @Option(names = "--resume", description = "Continue from the last checkpoint in --checkpoint-dir.") boolean resume;
  @Option(names = "--checkpoint-every", defaultValue = "200") int checkpointEvery;

  @Override
  public Integer call() throws Exception {
    if (!codec.equals("deepjscc")) {
      throw new IllegalArgumentException("--codec: trainable codecs are: deepjscc; got '" + codec + "'");
    }
    if (crop % 8 != 0 || crop < 16) {
      throw new IllegalArgumentException("--crop must be a multiple of 8 and at least 16, got " + crop);
    }
    if (steps < 1 || batch < 1 || checkpointEvery < 1) {
      throw new IllegalArgumentException("--steps, --batch and --checkpoint-every must be positive");
    }
    if (!(snrMax >= snrMin)) {
      throw new IllegalArgumentException("--snr-max must be at least --snr-min");
    }
    long t0 = System.nanoTime();
    new DeepJsccTrainer().train(new DeepJsccTrainer.Options(photos, out, checkpoints, steps, batch, crop,
        lr, seed, snrMin, snrMax, resume, checkpointEvery), System.out);
    System.out.printf("training took %.1f min%n", (System.nanoTime() - t0) / 60e9);
    return 0;
  }
}
