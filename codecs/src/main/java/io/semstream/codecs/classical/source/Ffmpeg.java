package io.semstream.codecs.classical.source;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ffmpeg} executable, an optional runtime tool (Debian package {@code ffmpeg}): found on the
 * PATH, asked once which encoders it has, and run as a filter from standard input to standard output.
 */
public final class Ffmpeg {
  private static final long TIMEOUT_SECONDS = 120;
  private static volatile Optional<Path> executable;
  private static volatile String encoders;

  private Ffmpeg() {}

  /** Why an encoder cannot be used here, or empty when it can. */
  public static Optional<String> unavailable(String encoder) {
    Optional<Path> exe = executable();
    if (exe.isEmpty()) {
      return Optional.of("ffmpeg is not installed (Debian: apt-get install ffmpeg)");
    }
    if (!encoders().contains(" " + encoder + " ")) {
      return Optional.of("this ffmpeg has no " + encoder + " encoder");
    }
    return Optional.empty();
  }

  /** Runs ffmpeg with {@code args}, feeding {@code input} on stdin; returns stdout. */
  static byte[] run(List<String> args, byte[] input) throws IOException {
    Path exe = executable().orElseThrow(() -> new IOException("ffmpeg is not installed"));
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    command.add("-hide_banner");
    command.add("-loglevel");
    command.add("error");
    command.add("-y");
    command.addAll(args);
    Process p = new ProcessBuilder(command).start();
    CompletableFuture<byte[]> out = read(p.getInputStream());
    CompletableFuture<byte[]> err = read(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      in.write(input);
    } catch (IOException brokenPipe) {
      // ffmpeg stopped reading: its exit status and stderr say why
    }
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ffmpeg did not finish within " + TIMEOUT_SECONDS + " s");
      }
      byte[] result = out.join();
      if (p.exitValue() != 0) {
        throw new IOException("ffmpeg failed (exit " + p.exitValue() + "): "
            + new String(err.join(), StandardCharsets.UTF_8).trim());
      }
      return result;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ffmpeg ran", e);
    }
  }

  private static CompletableFuture<byte[]> read(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream s = stream) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.transferTo(b);
        return b.toByteArray();
      } catch (IOException e) {
        return new byte[0];
      }
    });
  }

  private static Optional<Path> executable() {
    if (executable == null) {
      String path = System.getenv("PATH");
      Optional<Path> found = Optional.empty();
      if (path != null) {
        for (String dir : path.split(File.pathSeparator)) {
          Path candidate = Path.of(dir, "ffmpeg");
          if (Files.isExecutable(candidate)) {
            found = Optional.of(candidate);
            break;
          }
        }
      }
      executable = found;
    }
    return executable;
  }

  private static String encoders() {
    if (encoders == null) {
      try {
        encoders = new String(run(List.of("-encoders"), new byte[0]), StandardCharsets.UTF_8);
      } catch (IOException e) {
        encoders = "";
      }
    }
    return encoders;
  }
}
