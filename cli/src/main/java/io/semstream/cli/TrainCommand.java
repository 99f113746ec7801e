package io.semstream.cli;

import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.explicit.ExplicitModel;
import io.semstream.codecs.explicit.ExplicitNetwork;
import io.semstream.codecs.semantic.SemanticModel;
import io.semstream.codecs.semantic.SemanticNetwork;
import io.semstream.codecs.softcast.Refiner;
import io.semstream.codecs.softcast.RefinerModel;
import io.semstream.codecs.task.FashionMnist;
import io.semstream.codecs.train.CodebookTrainer;
import io.semstream.codecs.train.DeepJsccTrainer;
import io.semstream.codecs.train.ImplicitFrameTrainer;
import io.semstream.codecs.train.ImplicitTrainer;
import io.semstream.codecs.train.Conv1dJsccTrainer;
import io.semstream.codecs.train.LinearPathTrainer;
import io.semstream.codecs.train.SeriesTraining;
import io.semstream.codecs.train.ExplicitTrainer;
import io.semstream.codecs.train.FashionClassifierTrainer;
import io.semstream.codecs.train.FashionMnistFrames;
import io.semstream.codecs.train.PhotoSet;
import io.semstream.codecs.train.RefinerTrainer;
import io.semstream.codecs.train.SemanticTrainer;
import io.semstream.codecs.train.TrainingImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", description = {
    "Train a codec's network with the channel in the loop and write its weights.",
    "Photos come from scripts/extract-photos.sh (data/photos/train)."})
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--codec", description = "Network to train: deepjscc, explicit, softcast-refined, hda-refined "
      + "(the hybrid codec's receiver), semantic, semantic-codebook (the digital variant's codebook on the shipped "
      + "semantic encoder), fashion-classifier (the machine task of eval --task fashion-mnist), implicit-frame (the implicit codec's picture field, on --photos), or the telemetry "
      + "networks implicit, implicit-lp and conv1d-jscc (on --telemetry).",
      defaultValue = "deepjscc")
  String codec;

  @Option(names = "--photos", description = "Folder of training photographs.", defaultValue = "data/photos/train")
  Path photos;

  @Option(names = "--data", paramLabel = "SET", defaultValue = "photos", description = "semantic, semantic-codebook: "
      + "train on photos (--photos; the weights of semantic-*) or fashion-mnist (the 60k training frames of the "
      + "task; the weights of semantic-fashion-*). Default: photos.")
  String data;

  @Option(names = "--init", paramLabel = "WEIGHTS", description = "semantic: start from these weights instead of at "
      + "random (ignored when resuming), e.g. the photo weights to fine-tune on fashion-mnist.")
  Path init;

  @Option(names = "--out", description = "Weights file to write (float16). Default: the shipped weights of the codec.")
  Path out;

  @Option(names = "--checkpoint-dir", description = "Where resumable checkpoints go. Default: runs/<codec>.")
  Path checkpoints;

  @Option(names = "--steps", defaultValue = "5000") int steps;
  @Option(names = "--batch", defaultValue = "16") int batch;
  @Option(names = "--crop", description = "Crop size in pixels: a multiple of 8 for deepjscc (default 64), "
      + "of 64 for explicit (default 128).") Integer crop;
  @Option(names = "--lr", description = "Adam learning rate (cosine decay to lr/20).", defaultValue = "1e-3") float lr;
  @Option(names = "--seed", defaultValue = "7") long seed;
  @Option(names = "--snr-min", defaultValue = "0") double snrMin;
  @Option(names = "--snr-max", defaultValue = "20") double snrMax;
  @Option(names = "--resume", description = "Continue from the last checkpoint in --checkpoint-dir.") boolean resume;
  @Option(names = "--checkpoint-every", defaultValue = "200") int checkpointEvery;
  @Option(names = "--stop-at", paramLabel = "STEP", description = "explicit: stop after this step and write the "
      + "weights; the learning-rate schedule still spans --steps (default: --steps).") Integer stopAt;
  @Option(names = "--lambda", description = "explicit: weight of the latent's rate (bits per pixel, a guide "
      + "for the allocation, never sent) against the MSE.", defaultValue = "3e-4") double lambda;
  @Option(names = "--lambda-z", description = "explicit: weight of the hyper-latent's rate (side info, paid in "
      + "channel uses) against the MSE.", defaultValue = "0.02") double lambdaZ;
  @Option(names = "--cbr", description = "explicit: training CBRs, each jittered by up to ±25 %% "
      + "(fractions or decimals).", defaultValue = "1/16,1/48") String cbrs;
  @Option(names = "--freeze", split = ",", paramLabel = "STAGE", description = "explicit: stages of the network "
      + "left as they are, e.g. h_a,bottleneck,h_s to fine-tune the picture on a fixed entropy model. Stages: "
      + "g_a, h_a, bottleneck, h_s, conditional, jscc_enc, jscc_dec, g_s.")
  List<String> freeze = List.of();
  @Option(names = "--from-deepjscc", description = "explicit: start g_a and g_s from the shipped Deep JSCC "
      + "weights and the JSCC stages as the identity, instead of at random (ignored when resuming).")
  boolean fromDeepJscc;
  @Option(names = "--without-z", paramLabel = "SHARE", description = "explicit: share of training samples sent "
      + "without the hyper-latent ẑ, as the codec sends frames whose ẑ would cost more than it is worth "
      + "(0 to 1).", defaultValue = "0") double withoutZ;
  @Option(names = "--size", description = "explicit: network size, standard (the shipped one) or tiny (tests).",
      defaultValue = "standard") String size;
  @Option(names = "--bank", paramLabel = "FRAMES", defaultValue = "400", description = "softcast-refined, hda-refined: "
      + "frames kept in memory to crop from; a thread of its own keeps replacing them (default 400).") int bank;
  @Option(names = "--frame-sides", split = ",", paramLabel = "PX", description = "softcast-refined, hda-refined: "
      + "sides of the frames the bank makes, width and height each drawn from the list (default 192,256,384,512,640,"
      + "768,1024).") int[] frameSides;
  @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads per operator while training "
      + "(default: every core; coding elsewhere uses one, see docs/DESIGN.md).") Integer threads;

  @Override
  public Integer call() throws Exception {
    if (steps < 1 || batch < 1 || checkpointEvery < 1) {
      throw new IllegalArgumentException("--steps, --batch and --checkpoint-every must be positive");
    }
    if (stopAt != null && (stopAt < 1 || stopAt > steps)) {
      throw new IllegalArgumentException("--stop-at must be a step in 1.." + steps + " (--steps), got " + stopAt);
    }
    explicitOnly("--freeze", !freeze.isEmpty());
    explicitOnly("--from-deepjscc", fromDeepJscc);
    if (stopAt != null && "deepjscc".equals(codec)) {
      throw new IllegalArgumentException("--stop-at is only implemented for --codec explicit, softcast-refined,"
          + " hda-refined and semantic");
    }
    explicitOnly("--without-z", withoutZ != 0);
    if (!"photos".equals(data) && !"semantic".equals(codec) && !"semantic-codebook".equals(codec)) {
      throw new IllegalArgumentException("--data is only implemented for --codec semantic and semantic-codebook");
    }
    if (init != null && !"semantic".equals(codec)) {
      throw new IllegalArgumentException("--init is only implemented for --codec semantic");
    }
    if (!(withoutZ >= 0 && withoutZ <= 1)) {
      throw new IllegalArgumentException("--without-z must be a share of the samples in [0, 1], got " + withoutZ);
    }
    if (!(snrMax >= snrMin)) {
      throw new IllegalArgumentException("--snr-max must be at least --snr-min");
    }
    long t0 = System.nanoTime();
    switch (codec) {
      case "deepjscc" -> trainDeepJscc();
      case "explicit" -> trainExplicit();
      case "softcast-refined" -> trainRefiner(RefinerTrainer.Target.SOFTCAST, "runs/softcast-refined");
      case "hda-refined" -> trainRefiner(RefinerTrainer.Target.HDA, "runs/hda-refined");
      case "semantic" -> trainSemantic();
      case "fashion-classifier" -> trainClassifier();
      case "semantic-codebook" -> trainCodebook();
      case "implicit" -> trainImplicit();
      case "conv1d-jscc" -> trainConv1d();
      case "implicit-lp" -> trainLinearPath();
      case "implicit-frame" -> trainImplicitFrame();
      default -> throw new IllegalArgumentException("--codec: trainable networks are: deepjscc, explicit, "
          + "softcast-refined, hda-refined, semantic, semantic-codebook, fashion-classifier, implicit, implicit-lp,"
          + " implicit-frame, conv1d-jscc; got '" + codec
          + "'");
    }
    System.out.printf("training took %.1f min%n", (System.nanoTime() - t0) / 60e9);
    return 0;
  }

  private void explicitOnly(String option, boolean given) {
    if (given && !"explicit".equals(codec)) {
      throw new IllegalArgumentException(option + " is only implemented for --codec explicit");
    }
  }

  private void trainDeepJscc() throws Exception {
    int c = crop == null ? 64 : crop;
    if (c % 8 != 0 || c < 16) {
      throw new IllegalArgumentException("--crop must be a multiple of 8 and at least 16 for deepjscc, got " + c);
    }
    DeepJsccTrainer.Options options = new DeepJsccTrainer.Options(photos,
        out != null ? out : Path.of("codecs/src/main/resources/models/deepjscc/deepjscc.ssw"),
        checkpoints != null ? checkpoints : Path.of("runs/deepjscc"), steps, batch, c,
        lr, seed, snrMin, snrMax, resume, checkpointEvery);
    onTrainingThreads(() -> new DeepJsccTrainer().train(options, System.out));
  }

  private void trainExplicit() throws Exception {
    int c = crop == null ? 128 : crop;
    if (c % ExplicitNetwork.PAD != 0) {
      throw new IllegalArgumentException("--crop must be a multiple of " + ExplicitNetwork.PAD
          + " for explicit, got " + c);
    }
    ExplicitNetwork.Config config = switch (size) {
      case "standard" -> ExplicitModel.config();
      case "tiny" -> ExplicitNetwork.Config.tiny();
      default -> throw new IllegalArgumentException("--size must be standard or tiny, got '" + size + "'");
    };
    double[] rates = Fractions.parseList(cbrs).stream().mapToDouble(Double::doubleValue).toArray();
    ExplicitTrainer.Options options = new ExplicitTrainer.Options(photos,
        out != null ? out : Path.of(ExplicitTrainer.DEFAULT_OUTPUT),
        checkpoints != null ? checkpoints : Path.of("runs/explicit"), steps, batch, c, lr, seed, snrMin, snrMax,
        resume, checkpointEvery, lambda, lambdaZ, rates, config, stopAt == null ? steps : stopAt, freeze,
        fromDeepJscc, withoutZ);
    onTrainingThreads(() -> { new ExplicitTrainer().train(options, System.out); });
  }

  private void trainRefiner(RefinerTrainer.Target target, String defaultCheckpoints) throws Exception {
    int c = crop == null ? 96 : crop;
    Refiner.Config config = switch (size) {
      case "standard" -> RefinerModel.config();
      case "tiny" -> Refiner.Config.tiny();
      default -> throw new IllegalArgumentException("--size must be standard or tiny, got '" + size + "'");
    };
    RefinerTrainer.Options options = new RefinerTrainer.Options(target, photos,
        out != null ? out : target.defaultOutput(),
        checkpoints != null ? checkpoints : Path.of(defaultCheckpoints), steps, batch, c, lr, seed, snrMin,
        snrMax, resume, checkpointEvery, bank, config, stopAt == null ? steps : stopAt, frameSides);
    onTrainingThreads(() -> new RefinerTrainer().train(options, System.out));
  }

  @Option(names = "--telemetry", paramLabel = "DIR", defaultValue = "data/telemetry/train", description = "implicit: "
      + "the folder of training series, telemetry CSV (default data/telemetry/train, from "
      + "scripts/extract-telemetry.sh).") Path telemetry;

  /** The telemetry trainers take a folder of series and no photo options. */
  private void checkTelemetryTraining() {
    if (crop != null) {
      throw new IllegalArgumentException("--crop does not apply to " + codec + ": it trains on stretches of series");
    }
    if (!Files.isDirectory(telemetry)) {
      throw new IllegalArgumentException("--telemetry: " + telemetry + " is not a folder (run "
          + "scripts/extract-telemetry.sh to make data/telemetry/train)");
    }
  }

  /** The options of a telemetry trainer: the folder of series, its default weights and run folder. */
  private SeriesTraining.Options seriesOptions(String defaultOutput, String run) {
    checkTelemetryTraining();
    return new SeriesTraining.Options(telemetry, out != null ? out : Path.of(defaultOutput),
        checkpoints != null ? checkpoints : Path.of("runs/" + run), steps, batch, lr, seed, snrMin, snrMax, resume,
        checkpointEvery, stopAt == null ? steps : stopAt);
  }

  private void trainImplicit() throws Exception {
    SeriesTraining.Options options = seriesOptions(ImplicitTrainer.DEFAULT_OUTPUT, "implicit");
    onTrainingThreads(() -> new ImplicitTrainer().train(options, System.out));
  }

  private void trainConv1d() throws Exception {
    SeriesTraining.Options options = seriesOptions(Conv1dJsccTrainer.DEFAULT_OUTPUT, "conv1d-jscc");
    onTrainingThreads(() -> new Conv1dJsccTrainer().train(options, System.out));
  }

  private void trainLinearPath() throws Exception {
    SeriesTraining.Options options = seriesOptions(LinearPathTrainer.DEFAULT_OUTPUT, "implicit-lp");
    onTrainingThreads(() -> new LinearPathTrainer().train(options, System.out));
  }

  /** The implicit frame field meta-learns on patches of the photographs; crops and the telemetry folder do not apply. */
  private void trainImplicitFrame() throws Exception {
    if (crop != null) {
      throw new IllegalArgumentException("--crop does not apply to implicit-frame: it trains on 16x16 patches");
    }
    if (!Files.isDirectory(photos)) {
      throw new IllegalArgumentException("--photos: " + photos + " is not a folder (run scripts/extract-photos.sh)");
    }
    SeriesTraining.Options options = new SeriesTraining.Options(photos,
        out != null ? out : Path.of(ImplicitFrameTrainer.DEFAULT_OUTPUT),
        checkpoints != null ? checkpoints : Path.of("runs/implicit-frame"), steps, batch, lr, seed, snrMin, snrMax,
        resume, checkpointEvery, stopAt == null ? steps : stopAt);
    onTrainingThreads(() -> new ImplicitFrameTrainer().train(options, System.out));
  }

  private void trainSemantic() throws Exception {
    if (crop != null) {
      throw new IllegalArgumentException("--crop does not apply to semantic: it trains on whole "
          + SemanticNetwork.TILE + "-pixel tiles");
    }
    SemanticModel weights = semanticWeights();
    SemanticTrainer.Options options = new SemanticTrainer.Options(trainingImages(weights), init,
        out != null ? out : shipped(weights.weightsResource()),
        checkpoints != null ? checkpoints : Path.of("runs/semantic"), steps, batch, lr, seed, snrMin, snrMax, resume,
        checkpointEvery, stopAt == null ? steps : stopAt);
    onTrainingThreads(() -> new SemanticTrainer().train(options, System.out));
  }

  @Option(names = "--epochs", defaultValue = "4", description = "fashion-classifier: passes over the 60k "
      + "training frames (default 4).") int epochs;

  @Option(names = "--tiles", defaultValue = "3000", description = "semantic-codebook: training tiles whose tokens "
      + "the codebook is learnt on (default 3000).") int tiles;
  @Option(names = "--stages", defaultValue = "4", description = "semantic-codebook: residual stages of 1024 "
      + "entries (default 4).") int stages;
  @Option(names = "--updates", defaultValue = "150", description = "semantic-codebook: EMA updates per stage "
      + "(default 150).") int updates;
  @Option(names = "--vq-batch", defaultValue = "4096", description = "semantic-codebook: tokens per EMA update "
      + "(default 4096).") int vqBatch;

  private void trainCodebook() throws Exception {
    SemanticModel weights = semanticWeights();
    CodebookTrainer.Options options = new CodebookTrainer.Options(weights, trainingImages(weights),
        out != null ? out : shipped(weights.codebookResource()), tiles, stages, updates, vqBatch, seed);
    onTrainingThreads(() -> new CodebookTrainer().train(options, System.out));
  }

  private SemanticModel semanticWeights() {
    return switch (data) {
      case "photos" -> SemanticModel.PHOTOS;
      case "fashion-mnist" -> SemanticModel.FASHION_MNIST;
      default -> throw new IllegalArgumentException("--data must be photos or fashion-mnist, got '" + data + "'");
    };
  }

  /** The images a semantic weight set is trained on. */
  private TrainingImages trainingImages(SemanticModel weights) throws IOException {
    if (weights == SemanticModel.PHOTOS) {
      return PhotoSet.load(photos, SemanticNetwork.TILE);
    }
    requireFashionMnist();
    return FashionMnistFrames.load();
  }

  private static void requireFashionMnist() {
    FashionMnist.unavailable().ifPresent(reason -> {
      throw new IllegalArgumentException(reason);
    });
  }

  /** Where a shipped resource lives in the source tree, relative to the checkout. */
  private static Path shipped(String resource) {
    return Path.of("codecs/src/main/resources" + resource);
  }

  private void trainClassifier() throws Exception {
    requireFashionMnist();
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    }
    FashionClassifierTrainer.Options options = new FashionClassifierTrainer.Options(
        out != null ? out : Path.of(FashionClassifierTrainer.DEFAULT_OUTPUT), epochs, batch, lr, seed);
    onTrainingThreads(() -> new FashionClassifierTrainer().train(options, System.out));
  }

  private interface Job {
    void run() throws Exception;
  }

  /**
   * Training is one large job that need not repeat bit for bit, so it gets every core (or --threads); the
   * process's count is put back afterwards.
   */
  private void onTrainingThreads(Job job) throws Exception {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + n);
    }
    int old = NativeEngine.setThreads(n);
    try {
      job.run();
    } finally {
      NativeEngine.setThreads(old);
    }
  }
}
