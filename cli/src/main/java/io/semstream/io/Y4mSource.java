package io.semstream.io;

import io.semstream.codecs.image.RgbImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads a YUV4MPEG2 ("Y4M") stream, the raw format ffmpeg writes with {@code -f yuv4mpegpipe}.
 *
 * <p>Accepted: 8-bit 4:2:0 ({@code C420jpeg}, {@code C420paldv}, {@code C420mpeg2}, {@code C420},
 * and streams without a C tag, which the format defines as 4:2:0) and 8-bit 4:4:4 ({@code C444}).
 * Anything else is refused with the ffmpeg command that converts it. Interlacing and aspect tags are
 * ignored; FRAME lines may carry parameters, which are skipped.
 *
 * <p>Colour: BT.601 matrix, limited ("studio swing") range unless the header says
 * {@code XCOLORRANGE=FULL}. Y4M has no tag for the matrix; BT.601 is what ffmpeg assumes for untagged
 * YUV. Chroma is upsampled bilinearly at the siting the C tag names (centred for jpeg and plain 420,
 * horizontally co-sited for mpeg2, co-sited both ways for paldv), so edges don't shift by half a pixel.
 * (ffmpeg 5.1's own RGB conversion treats every 4:2:0 input as centred, so on {@code C420mpeg2} input,
 * which ffmpeg writes for most H.264 sources, our pixels differ from ffmpeg's at sharp colour edges.)
 *
 * <p>A stream that ends inside a frame yields every complete frame, then {@link #hasNext()} throws
 * {@link FrameSourceException} "truncated Y4M: frame N has X of Y bytes", N counting from 1.
 */
public final class Y4mSource implements FrameSource {
  private static final String MAGIC = "YUV4MPEG2";
  private static final int MAX_LINE = 4096;
  private static final String HOW_TO_CONVERT =
      "SemStream reads 8-bit 4:2:0 and 4:4:4 — convert with ffmpeg -pix_fmt yuv420p";

  private final InputStream in;
  private final boolean closeStream;
  private final String name;
  private final int width;
  private final int height;
  private final String chromaTag;
  private final boolean subsampled;
  private final int chromaWidth;
  private final int chromaHeight;
  private final int frameBytes;
  private final Bt601 colour;
  private final OptionalDouble fps;
  private final OptionalInt total;
  // Bilinear chroma upsampling taps, precomputed per column and row (weights out of 256).
  private final int[] cx0;
  private final int[] cx1;
  private final int[] cxw;
  private final int[] cy0;
  private final int[] cy1;
  private final int[] cyw;
  private final byte[] frameBuffer;

  private RgbImage pending;
  private boolean finished;
  private int framesRead;

  /** Opens a Y4M file and reads its header. */
  public Y4mSource(Path file) throws IOException {
    this(Files.newInputStream(file), file.getFileName().toString(), true, Files.size(file));
  }

  /**
   * Reads Y4M from a stream (its header is read now, so this blocks until the header arrives).
   *
   * @param closeStream whether {@link #close()} closes {@code in}; false for System.in
   */
  public Y4mSource(InputStream in, String name, boolean closeStream) throws IOException {
    this(in, name, closeStream, -1);
  }

  /** Y4M on standard input; closing the source leaves System.in open. */
  public static Y4mSource stdin() throws IOException {
    return new Y4mSource(System.in, "standard input", false);
  }

  private Y4mSource(InputStream raw, String name, boolean closeStream, long streamLength) throws IOException {
    this.in = new BufferedInputStream(raw, 1 << 20);
    this.closeStream = closeStream;
    this.name = name;
    try {
      String header = readLine(true);
      if (header == null || !header.startsWith(MAGIC) || (header.length() > MAGIC.length() && header.charAt(MAGIC.length()) != ' ')) {
        throw new FrameSourceException(name + " is not a Y4M stream (it does not start with \"YUV4MPEG2 \")");
      }
      int w = -1;
      int h = -1;
      String c = null;
      boolean fullRange = false;
      OptionalDouble rate = OptionalDouble.empty();
      for (String tok : header.substring(MAGIC.length()).trim().split(" +")) {
        if (tok.isEmpty()) {
          continue;
        }
        String v = tok.substring(1);
        switch (tok.charAt(0)) {
          case 'W' -> w = parsePositive(v, "width");
          case 'H' -> h = parsePositive(v, "height");
          case 'C' -> c = v;
          case 'F' -> rate = parseRate(v);
          case 'X' -> {
            if (v.toUpperCase(Locale.ROOT).equals("COLORRANGE=FULL")) {
              fullRange = true;
            }
          }
          default -> { } // I (interlacing), A (aspect) and unknown tags do not change the pixels we produce.
        }
      }
      if (w < 0 || h < 0) {
        throw new FrameSourceException(name + ": Y4M header has no " + (w < 0 ? "W (width)" : "H (height)") + " tag");
      }
      if ((long) w * h > 1L << 27) {
        throw new FrameSourceException(name + ": Y4M frame " + w + "x" + h + " is too large");
      }
      String chroma = c == null ? "420" : c;
      boolean is444 = chroma.equals("444");
      boolean is420 = chroma.equals("420") || chroma.equals("420jpeg") || chroma.equals("420paldv")
          || chroma.equals("420mpeg2");
      if (!is444 && !is420) {
        throw new FrameSourceException("unsupported Y4M chroma C" + chroma + "; " + HOW_TO_CONVERT);
      }
      this.width = w;
      this.height = h;
      this.chromaTag = "C" + chroma;
      this.subsampled = is420;
      this.chromaWidth = is420 ? (w + 1) / 2 : w;
      this.chromaHeight = is420 ? (h + 1) / 2 : h;
      this.frameBytes = w * h + 2 * chromaWidth * chromaHeight;
      this.colour = fullRange ? Bt601.FULL : Bt601.LIMITED;
      this.fps = rate;
      this.frameBuffer = new byte[frameBytes];

      // Where chroma sample j sits in luma coordinates: 2j + offset.
      double offX = chroma.equals("420mpeg2") || chroma.equals("420paldv") ? 0.0 : 0.5;
      double offY = chroma.equals("420paldv") ? 0.0 : 0.5;
      cx0 = new int[w];
      cx1 = new int[w];
      cxw = new int[w];
      cy0 = new int[h];
      cy1 = new int[h];
      cyw = new int[h];
      if (is420) {
        taps(w, chromaWidth, offX, cx0, cx1, cxw);
        taps(h, chromaHeight, offY, cy0, cy1, cyw);
      }
      this.total = streamLength < 0 ? OptionalInt.empty() : estimateTotal(header, streamLength);
    } catch (IOException | RuntimeException e) {
      if (closeStream) {
        raw.close();
      }
      throw e;
    }
  }

  private OptionalInt estimateTotal(String header, long length) throws IOException {
    // Assumes every FRAME line is as long as the first one (true for ffmpeg's output, which has no
    // frame parameters); good enough for a progress bar.
    long headerLen = header.getBytes(StandardCharsets.ISO_8859_1).length + 1L;
    in.mark(MAX_LINE + 1);
    int frameLine = 0;
    int b;
    while ((b = in.read()) != -1 && frameLine <= MAX_LINE) {
      frameLine++;
      if (b == '\n') {
        break;
      }
    }
    in.reset();
    if (frameLine == 0) {
      return OptionalInt.of(0);
    }
    long n = (length - headerLen) / (frameLine + (long) frameBytes);
    return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, n));
  }

  private static void taps(int n, int cn, double off, int[] i0, int[] i1, int[] w1) {
    for (int x = 0; x < n; x++) {
      double u = (x - off) / 2.0;
      int j = (int) Math.floor(u);
      int f = (int) Math.round((u - j) * 256);
      if (f == 256) {
        j++;
        f = 0;
      }
      i0[x] = clampIndex(j, cn);
      i1[x] = clampIndex(j + 1, cn);
      w1[x] = f;
    }
  }

  private static int clampIndex(int j, int n) {
    return j < 0 ? 0 : j >= n ? n - 1 : j;
  }

  private static int parsePositive(String v, String what) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new FrameSourceException("Y4M header has a bad " + what + ": " + v);
  }

  private static OptionalDouble parseRate(String v) {
    int colon = v.indexOf(':');
    try {
      double num = Double.parseDouble(colon < 0 ? v : v.substring(0, colon));
      double den = colon < 0 ? 1 : Double.parseDouble(v.substring(colon + 1));
      return num > 0 && den > 0 ? OptionalDouble.of(num / den) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** A header or FRAME line without its newline; null at a clean end of stream. */
  private String readLine(boolean header) throws IOException {
    StringBuilder sb = new StringBuilder(header ? 64 : 8);
    int b;
    while ((b = in.read()) != '\n') {
      if (b == -1) {
        if (sb.length() == 0) {
          return null;
        }
        if (header) {
          return sb.toString();
        }
        throw new FrameSourceException("truncated Y4M: frame " + (framesRead + 1) + " has 0 of " + frameBytes + " bytes");
      }
      if (sb.length() >= MAX_LINE) {
        throw new FrameSourceException(header
            ? name + " is not a Y4M stream (no header line)"
            : "bad Y4M: frame " + (framesRead + 1) + " has no FRAME line");
      }
      sb.append((char) b);
    }
    return sb.toString();
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (finished) {
      return false;
    }
    try {
      pending = readFrame();
    } catch (IOException e) {
      finished = true;
      throw new FrameSourceException("cannot read " + name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      finished = true;
      throw e;
    }
    if (pending == null) {
      finished = true;
    }
    return pending != null;
  }

  @Override
  public RgbImage next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more frames in " + name);
    }
    RgbImage f = pending;
    pending = null;
    return f;
  }

  private RgbImage readFrame() throws IOException {
    String line = readLine(false);
    if (line == null) {
      return null;
    }
    if (!line.startsWith("FRAME")) {
      throw new FrameSourceException("bad Y4M: expected FRAME before frame " + (framesRead + 1) + ", found \""
          + (line.length() > 20 ? line.substring(0, 20) + "..." : line) + "\"");
    }
    int got = in.readNBytes(frameBuffer, 0, frameBytes);
    if (got < frameBytes) {
      throw new FrameSourceException("truncated Y4M: frame " + (framesRead + 1) + " has " + got + " of " + frameBytes + " bytes");
    }
    framesRead++;
    return convert(frameBuffer);
  }

  private RgbImage convert(byte[] yuv) {
    int w = width;
    int h = height;
    int cw = chromaWidth;
    int cbBase = w * h;
    int crBase = cbBase + cw * chromaHeight;
    byte[] rgb = new byte[w * h * 3];
    if (!subsampled) {
      for (int i = 0, o = 0; i < w * h; i++, o += 3) {
        colour.toRgb(yuv[i] & 0xFF, yuv[cbBase + i] & 0xFF, yuv[crBase + i] & 0xFF, rgb, o);
      }
      return new RgbImage(w, h, rgb);
    }
    // Vertical pass into a row of 8.8 fixed-point chroma, then horizontal taps per pixel.
    int[] cbRow = new int[cw];
    int[] crRow = new int[cw];
    for (int y = 0; y < h; y++) {
      int r0 = cy0[y] * cw;
      int r1 = cy1[y] * cw;
      int fy = cyw[y];
      for (int j = 0; j < cw; j++) {
        cbRow[j] = (yuv[cbBase + r0 + j] & 0xFF) * (256 - fy) + (yuv[cbBase + r1 + j] & 0xFF) * fy;
        crRow[j] = (yuv[crBase + r0 + j] & 0xFF) * (256 - fy) + (yuv[crBase + r1 + j] & 0xFF) * fy;
      }
      int yi = y * w;
      for (int x = 0; x < w; x++) {
        int a = cx0[x];
        int b = cx1[x];
        int fx = cxw[x];
        int cb = (cbRow[a] * (256 - fx) + cbRow[b] * fx + 32768) >> 16;
        int cr = (crRow[a] * (256 - fx) + crRow[b] * fx + 32768) >> 16;
        colour.toRgb(yuv[yi + x] & 0xFF, cb, cr, rgb, (yi + x) * 3);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The C tag as written in the header, e.g. "C420jpeg" ("C420" when the header had none). */
  public String chroma() {
    return chromaTag;
  }

  public boolean fullRange() {
    return colour.full;
  }

  /** Complete frames delivered or buffered so far. */
  public int framesRead() {
    return framesRead;
  }

  @Override
  public OptionalInt totalFrames() {
    return total;
  }

  @Override
  public OptionalDouble frameRate() {
    return fps;
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(name).append(": Y4M ").append(width).append('x').append(height).append(' ').append(chromaTag);
    if (colour.full) {
      sb.append(" full range");
    }
    fps.ifPresent(f -> sb.append(String.format(Locale.ROOT, " at %.4g fps", f)));
    total.ifPresent(n -> sb.append(", ").append(n).append(n == 1 ? " frame" : " frames"));
    return sb.toString();
  }

  @Override
  public void close() {
    finished = true;
    pending = null;
    if (closeStream) {
      try {
        in.close();
      } catch (IOException ignored) {
        // Nothing useful to do about a failing close of a file we only read.
      }
    }
  }
}
