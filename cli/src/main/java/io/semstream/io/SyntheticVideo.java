package io.semstream.io;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.OptionalInt;

/**
 * A short "video" made by a camera slowly zooming into (1.0× to 1.6×) and panning across a
 * photograph: real image statistics and real motion between frames, without shipping a video file.
 *
 * <p>The camera eases in and out (cosine easing), so motion is smooth and frames near both ends
 * change little, like a real slow pan. The photograph is first area-averaged down when it is much
 * larger than the output, so the bilinear sampling afterwards does not alias (a shimmering pan
 * would be noise the codecs get blamed for). Every frame is a pure function of its index.
 */
public final class SyntheticVideo implements FrameSource {
  static final String SAMPLE_RESOURCE = "/sample/photo.jpg";
  private static final double MAX_ZOOM = 1.6;
  // Keep the photo about this much larger than the output at zoom 1, so neither end of the zoom
  // resamples by much.
  private static final double SOURCE_OVERSAMPLE = 1.3;

  private final RgbImage photo;
  private final int width;
  private final int height;
  private final int frames;
  private final double baseW;
  private final double baseH;
  private final String photoDescription;
  private int next;

  public SyntheticVideo(RgbImage photo, int width, int height, int frames) {
    if (width <= 0 || height <= 0 || frames <= 0) {
      throw new IllegalArgumentException("synthetic video needs positive size and frame count, got "
          + width + "x" + height + ", " + frames + " frames");
    }
    this.width = width;
    this.height = height;
    this.frames = frames;
    this.photoDescription = photo.width() + "x" + photo.height();
    double aspect = (double) width / height;
    double[] window = window(photo, aspect);
    double shrink = window[0] / (width * SOURCE_OVERSAMPLE);
    if (shrink > 1.0) {
      int nw = Math.max(1, (int) Math.round(photo.width() / shrink));
      int nh = Math.max(1, (int) Math.round(photo.height() / shrink));
      photo = areaResize(photo, nw, nh);
      window = window(photo, aspect);
    }
    this.photo = photo;
    this.baseW = window[0];
    this.baseH = window[1];
  }

  /** The largest window of the given aspect ratio that fits in the photo, as {width, height}. */
  private static double[] window(RgbImage photo, double aspect) {
    double w = photo.width();
    double h = w / aspect;
    if (h > photo.height()) {
      h = photo.height();
      w = h * aspect;
    }
    return new double[] {w, h};
  }

  /** The bundled sample photograph (classpath {@value #SAMPLE_RESOURCE}). */
  public static RgbImage samplePhoto() {
    try (InputStream in = SyntheticVideo.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the sample photo " + SAMPLE_RESOURCE + " is not on the classpath");
      }
      return ImageFiles.decode(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample photo " + SAMPLE_RESOURCE, e);
    }
  }

  /** Frame {@code index} (0-based), independent of iteration. */
  public RgbImage frame(int index) {
    if (index < 0 || index >= frames) {
      throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
    }
    double t = frames == 1 ? 0.0 : (double) index / (frames - 1);
    double e = (1 - Math.cos(Math.PI * t)) / 2;
    double zoom = 1.0 + (MAX_ZOOM - 1.0) * e;
    double vw = baseW / zoom;
    double vh = baseH / zoom;
    // Pan left to right and a little downwards, with a gentle vertical sway; fractions of the
    // room the window has to move in, so the window never leaves the photo.
    double fx = 0.2 + 0.6 * e;
    double fy = 0.35 + 0.3 * e + 0.1 * Math.sin(2 * Math.PI * t);
    double x0 = (photo.width() - vw) * fx;
    double y0 = (photo.height() - vh) * fy;
    return sample(x0, y0, vw / width, vh / height);
  }

  private RgbImage sample(double x0, double y0, double sx, double sy) {
    int pw = photo.width();
    int ph = photo.height();
    byte[] src = photo.rgb();
    int[] xa = new int[width];
    int[] xb = new int[width];
    int[] xf = new int[width];
    for (int i = 0; i < width; i++) {
      double u = x0 + (i + 0.5) * sx - 0.5;
      int a = (int) Math.floor(u);
      xf[i] = (int) Math.round((u - a) * 256);
      xa[i] = clamp(a, pw) * 3;
      xb[i] = clamp(a + 1, pw) * 3;
    }
    byte[] out = new byte[width * height * 3];
    int o = 0;
    for (int j = 0; j < height; j++) {
      double v = y0 + (j + 0.5) * sy - 0.5;
      int b = (int) Math.floor(v);
      int fy = (int) Math.round((v - b) * 256);
      int r0 = clamp(b, ph) * pw * 3;
      int r1 = clamp(b + 1, ph) * pw * 3;
      for (int i = 0; i < width; i++) {
        int fx = xf[i];
        for (int c = 0; c < 3; c++) {
          int top = (src[r0 + xa[i] + c] & 0xFF) * (256 - fx) + (src[r0 + xb[i] + c] & 0xFF) * fx;
          int bottom = (src[r1 + xa[i] + c] & 0xFF) * (256 - fx) + (src[r1 + xb[i] + c] & 0xFF) * fx;
          out[o++] = (byte) ((top * (256 - fy) + bottom * fy + 32768) >> 16);
        }
      }
    }
    return new RgbImage(width, height, out);
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : i >= n ? n - 1 : i;
  }

  /** Box-filter downscale where each output pixel averages the source area it covers (fractional edges weighted). */
  static RgbImage areaResize(RgbImage img, int nw, int nh) {
    int w = img.width();
    int h = img.height();
    byte[] src = img.rgb();
    // Horizontal pass into floats, then vertical.
    float[] tmp = new float[nw * h * 3];
    Span[] xs = spans(w, nw);
    for (int y = 0; y < h; y++) {
      int row = y * w * 3;
      for (int i = 0; i < nw; i++) {
        Span s = xs[i];
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < s.index.length; k++) {
          int p = row + s.index[k] * 3;
          float wt = s.weight[k];
          r += (src[p] & 0xFF) * wt;
          g += (src[p + 1] & 0xFF) * wt;
          b += (src[p + 2] & 0xFF) * wt;
        }
        int t = (y * nw + i) * 3;
        tmp[t] = r;
        tmp[t + 1] = g;
        tmp[t + 2] = b;
      }
    }
    byte[] out = new byte[nw * nh * 3];
    Span[] ys = spans(h, nh);
    for (int j = 0; j < nh; j++) {
      Span s = ys[j];
      for (int i = 0; i < nw * 3; i++) {
        float acc = 0;
        for (int k = 0; k < s.index.length; k++) {
          acc += tmp[s.index[k] * nw * 3 + i] * s.weight[k];
        }
        int v = Math.round(acc);
        out[j * nw * 3 + i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
      }
    }
    return new RgbImage(nw, nh, out);
  }

  private record Span(int[] index, float[] weight) {}

  private static Span[] spans(int n, int m) {
    Span[] out = new Span[m];
    double scale = (double) n / m;
    for (int i = 0; i < m; i++) {
      double a = i * scale;
      double b = Math.min(n, (i + 1) * scale);
      int first = (int) Math.floor(a);
      int last = Math.min(n - 1, (int) Math.ceil(b) - 1);
      int count = last - first + 1;
      int[] idx = new int[count];
      float[] wt = new float[count];
      for (int k = 0; k < count; k++) {
        int p = first + k;
        double cover = Math.min(b, p + 1) - Math.max(a, p);
        idx[k] = p;
        wt[k] = (float) (cover / (b - a));
      }
      out[i] = new Span(idx, wt);
    }
    return out;
  }

  @Override
  public boolean hasNext() {
    return next < frames;
  }

  @Override
  public RgbImage next() {
    if (!hasNext()) {
      throw new NoSuchElementException("synthetic video has " + frames + " frames");
    }
    return frame(next++);
  }

  @Override
  public OptionalInt totalFrames() {
    return OptionalInt.of(frames);
  }

  @Override
  public String describe() {
    return "synthetic pan/zoom over a " + photoDescription + " photo: " + width + "x"
        + height + ", " + frames + " frames";
  }

  @Override
  public void close() {
    next = frames;
  }
}
