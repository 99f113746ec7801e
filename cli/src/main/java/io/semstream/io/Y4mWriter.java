package io.semstream.io;

import io.semstream.codecs.image.RgbImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes frames as a Y4M stream that {@code ffmpeg -f yuv4mpegpipe -i - out.mp4} reads: BT.601,
 * limited range (tagged {@code XCOLORRANGE=LIMITED}), 8-bit, either 4:4:4 (default, nothing lost
 * but rounding) or 4:2:0 with centred chroma ({@code C420jpeg}, chroma averaged over 2×2 blocks),
 * which is half the size and what most encoders want.
 *
 * <p>Y4M has one frame size per stream: the header is written with the first frame and later
 * frames must match it.
 */
public final class Y4mWriter implements AutoCloseable {

  public enum Chroma {
    C444,
    C420
  }

  private final OutputStream out;
  private final int fpsNum;
  private final int fpsDen;
  private final Chroma chroma;
  private final Bt601 colour = Bt601.LIMITED;
  private int width = -1;
  private int height = -1;
  private int frames;
  private byte[] buffer;
  private int[] cbAcc;
  private int[] crAcc;
  private boolean closed;

  /** 25 fps, 4:4:4. */
  public Y4mWriter(OutputStream out) {
    this(out, 25, 1, Chroma.C444);
  }

  public Y4mWriter(OutputStream out, int fpsNum, int fpsDen, Chroma chroma) {
    if (fpsNum <= 0 || fpsDen <= 0) {
      throw new IllegalArgumentException("frame rate must be positive, got " + fpsNum + ":" + fpsDen);
    }
    this.out = new BufferedOutputStream(out, 1 << 20);
    this.fpsNum = fpsNum;
    this.fpsDen = fpsDen;
    this.chroma = chroma;
  }

  public void write(RgbImage frame) throws IOException {
    if (closed) {
      throw new IllegalStateException("Y4M writer is closed");
    }
    int w = frame.width();
    int h = frame.height();
    if (width < 0) {
      width = w;
      height = h;
      String c = chroma == Chroma.C444 ? "C444" : "C420jpeg";
      String header = "YUV4MPEG2 W" + w + " H" + h + " F" + fpsNum + ":" + fpsDen + " Ip A1:1 " + c
          + " XCOLORRANGE=LIMITED\n";
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      int cw = chroma == Chroma.C444 ? w : (w + 1) / 2;
      int ch = chroma == Chroma.C444 ? h : (h + 1) / 2;
      buffer = new byte[w * h + 2 * cw * ch];
      if (chroma == Chroma.C420) {
        cbAcc = new int[cw * ch];
        crAcc = new int[cw * ch];
      }
    } else if (w != width || h != height) {
      throw new IllegalArgumentException("Y4M frames must all be " + width + "x" + height + "; frame "
          + (frames + 1) + " is " + w + "x" + h);
    }
    if (chroma == Chroma.C444) {
      fill444(frame.rgb());
    } else {
      fill420(frame.rgb());
    }
    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
    out.write(buffer);
    frames++;
  }

  private void fill444(byte[] rgb) {
    int n = width * height;
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      int r = rgb[p] & 0xFF;
      int g = rgb[p + 1] & 0xFF;
      int b = rgb[p + 2] & 0xFF;
      buffer[i] = (byte) colour.luma(r, g, b);
      buffer[n + i] = (byte) Bt601.chromaLevel(colour.cbFixed(r, g, b));
      buffer[2 * n + i] = (byte) Bt601.chromaLevel(colour.crFixed(r, g, b));
    }
  }

  private void fill420(byte[] rgb) {
    int w = width;
    int h = height;
    int n = w * h;
    int cw = (w + 1) / 2;
    int ch = (h + 1) / 2;
    Arrays.fill(cbAcc, 0);
    Arrays.fill(crAcc, 0);
    for (int y = 0; y < h; y++) {
      int crow = (y >> 1) * cw;
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        int r = rgb[p] & 0xFF;
        int g = rgb[p + 1] & 0xFF;
        int b = rgb[p + 2] & 0xFF;
        buffer[y * w + x] = (byte) colour.luma(r, g, b);
        cbAcc[crow + (x >> 1)] += colour.cbFixed(r, g, b);
        crAcc[crow + (x >> 1)] += colour.crFixed(r, g, b);
      }
    }
    int cn = cw * ch;
    for (int cy = 0; cy < ch; cy++) {
      // Edge blocks of odd-sized frames cover fewer than four pixels.
      int rows = Math.min(2, h - 2 * cy);
      for (int cx = 0; cx < cw; cx++) {
        int count = rows * Math.min(2, w - 2 * cx);
        int i = cy * cw + cx;
        buffer[n + i] = (byte) Bt601.chromaLevel(cbAcc[i] / count);
        buffer[n + cn + i] = (byte) Bt601.chromaLevel(crAcc[i] / count);
      }
    }
  }

  public int framesWritten() {
    return frames;
  }

  public void flush() throws IOException {
    out.flush();
  }

  /** Flushes and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
  }
}
