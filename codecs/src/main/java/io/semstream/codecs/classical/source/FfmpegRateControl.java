package io.semstream.codecs.classical.source;

import io.semstream.codecs.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Still-image HEVC (x265, intra, the coding BPG wraps) and AV1 (libaom, still picture) through the
 * {@code ffmpeg} executable, fitted to a byte budget: the best quality whose bitstream fits. Frames are
 * coded in 4:4:4 (BPG's and AVIF's full-chroma mode): on RGB PSNR it beats 4:2:0 at equal size (a 600×400
 * photo at 26 kB: 34.0 against 33.4 dB), since subsampled chroma caps the fidelity. Sides are mirror-padded
 * to even numbers first.
 *
 * <p>The search encodes a ladder of quantisers in one ffmpeg run (every 6th QP, every 8th CRF), then the
 * steps between the best one that fits and the next finer one in a second run: two processes a frame
 * instead of one per probe, whose start-up would dominate. Every bitstream made is kept per picture and
 * quantiser (within a memory bound), so an evaluation that meets the same picture with several budgets, as
 * a capacity bound does at each SNR and CBR, encodes each quantiser once.
 */
public final class FfmpegRateControl {

  /** A still-image coding standard as ffmpeg's encoder, options and raw bitstream format. */
  public enum Format {
    HEVC("libx265", "hevc", 0, 51, 6, "HEVC intra (x265)") {
      @Override
      List<String> encoderArgs(int q) {
        return List.of("-c:v", "libx265", "-preset", "medium",
            "-x265-params", "qp=" + q + ":keyint=1:frame-threads=1:log-level=none", "-pix_fmt", "yuv444p");
      }
    },
    AV1("libaom-av1", "obu", 0, 63, 8, "AV1 still picture (libaom)") {
      @Override
      List<String> encoderArgs(int q) {
        return List.of("-c:v", "libaom-av1", "-still-picture", "1", "-cpu-used", "6", "-threads", "1",
            "-crf", Integer.toString(q), "-b:v", "0", "-pix_fmt", "yuv444p");
      }
    };

    final String encoder;
    final String container;
    final int finest;
    final int coarsest;
    final int ladderStep;
    final String description;

    Format(String encoder, String container, int finest, int coarsest, int ladderStep, String description) {
      this.encoder = encoder;
      this.container = container;
      this.finest = finest;
      this.coarsest = coarsest;
      this.ladderStep = ladderStep;
      this.description = description;
    }

    abstract List<String> encoderArgs(int q);

    public String description() {
      return description;
    }

    /** Why this format cannot be coded on this machine, or empty. */
    public Optional<String> unavailable() {
      return Ffmpeg.unavailable(encoder);
    }
  }

  /** A picture as the cache knows it (the pixels' hash; a collision only costs a wrong cache hit's check). */
  private record Picture(Format format, int width, int height, int hash) {}

  /** Per picture, its bitstream at every quantiser coded so far. */
  private static final Map<Picture, Map<Integer, byte[]>> CODED = new ConcurrentHashMap<>();
  private static final long CACHE_BYTES = 256L << 20;
  private static final AtomicLong CACHED_BYTES = new AtomicLong();

  private FfmpegRateControl() {}

  public static RateControlResult fit(Format format, RgbImage image, long budgetBytes) {
    Picture key = new Picture(format, image.width(), image.height(), java.util.Arrays.hashCode(image.rgb()));
    Map<Integer, byte[]> coded = CODED.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    RgbImage even = image.padToMultiple(2);
    List<Integer> ladder = new ArrayList<>();
    for (int q = format.coarsest; q >= format.finest; q -= format.ladderStep) {
      ladder.add(q);
    }
    encodeMissing(format, even, ladder, coded);
    Integer best = bestFitting(coded, ladder, budgetBytes);
    if (best == null) {
      return RateControlResult.doesNotFit(budgetBytes, coded.get(format.coarsest).length);
    }
    List<Integer> finer = new ArrayList<>();
    for (int q = best - 1; q > best - format.ladderStep && q >= format.finest; q--) {
      finer.add(q);
    }
    encodeMissing(format, even, finer, coded);
    List<Integer> candidates = new ArrayList<>(ladder);
    candidates.addAll(finer);
    int q = bestFitting(coded, candidates, budgetBytes);
    return RateControlResult.fitted(coded.get(q), q, budgetBytes);
  }

  private static void encodeMissing(Format format, RgbImage even, List<Integer> quantisers,
      Map<Integer, byte[]> coded) {
    List<Integer> missing = quantisers.stream().filter(q -> !coded.containsKey(q)).toList();
    if (missing.isEmpty()) {
      return;
    }
    Map<Integer, byte[]> made = encode(format, even, missing);
    long bytes = made.values().stream().mapToLong(b -> b.length).sum();
    if (CACHED_BYTES.addAndGet(bytes) > CACHE_BYTES) {
      // Rare (an evaluation of hundreds of large photos): start again rather than track ages.
      CODED.values().forEach(m -> {
        if (m != coded) {
          m.clear();
        }
      });
      CACHED_BYTES.set(bytes + coded.values().stream().mapToLong(b -> b.length).sum());
    }
    coded.putAll(made);
  }

  /**
   * The finest of {@code quantisers} whose bitstream fits the budget, or null. Only those: the answer must
   * not depend on which other quantisers earlier budgets happened to code.
   */
  private static Integer bestFitting(Map<Integer, byte[]> coded, List<Integer> quantisers, long budgetBytes) {
    return quantisers.stream().filter(q -> coded.get(q).length <= budgetBytes).min(Comparator.naturalOrder())
        .orElse(null);
  }

  /** One ffmpeg run: the picture coded at every quantiser of the list, one output file each. */
  private static Map<Integer, byte[]> encode(Format format, RgbImage even, List<Integer> quantisers) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("semstream-ffmpeg");
      List<String> args = new ArrayList<>(List.of("-f", "rawvideo", "-pix_fmt", "rgb24",
          "-s", even.width() + "x" + even.height(), "-i", "-"));
      for (int q : quantisers) {
        args.add("-map");
        args.add("0");
        args.addAll(format.encoderArgs(q));
        args.add("-frames:v");
        args.add("1");
        args.add("-f");
        args.add(format.container);
        args.add(dir.resolve("q" + q).toString());
      }
      Ffmpeg.run(args, even.rgb());
      Map<Integer, byte[]> out = new java.util.HashMap<>();
      for (int q : quantisers) {
        out.put(q, Files.readAllBytes(dir.resolve("q" + q)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(format.description + " encoding failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Decodes a bitstream of a {@code width}×{@code height} picture (coded padded to even sides). */
  public static RgbImage decode(Format format, byte[] bitstream, int width, int height) throws IOException {
    int w = width + (width & 1), h = height + (height & 1);
    byte[] rgb = Ffmpeg.run(List.of("-f", format.container, "-i", "-", "-frames:v", "1", "-f", "rawvideo",
        "-pix_fmt", "rgb24", "-"), bitstream);
    if (rgb.length != (long) w * h * 3) {
      throw new IOException(format.description + " bitstream decoded to " + rgb.length + " bytes, not a " + w + "x"
          + h + " picture");
    }
    RgbImage even = new RgbImage(w, h, rgb);
    return w == width && h == height ? even : even.crop(0, 0, width, height);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temp folder left behind is harmless
    }
  }
}
