package io.semstream.codecs.metrics;

import io.semstream.codecs.image.RgbImage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Multi-scale structural similarity (Wang, Simoncelli and Bovik, "Multi-scale structural similarity for
 * image quality assessment", Asilomar 2003) of 8-bit RGB, the perceptual figure reported beside PSNR.
 *
 * <p>Parameters are the paper's: an 11×11 Gaussian window of σ = 1.5 applied without padding ("valid"),
 * K1 = 0.01, K2 = 0.03, L = 255, five scales with weights 0.0448, 0.2856, 0.3001, 0.2363, 0.1333, and
 * 2×2 averaging before each halving (an odd last row or column is averaged with its own mirror, so
 * nothing is dropped). Contrast–structure is taken at every scale, luminance only at the coarsest.
 * Each of R, G, B is scored on [0, 255] and the three scores are averaged.
 *
 * <p>Choices the paper leaves open, made explicit:
 * <ul>
 *   <li>Small images: five scales need a shorter side still ≥ 11 after four halvings (rounding up),
 *       i.e. at least 161 pixels. Below that we use as many scales as keep the coarsest shorter side
 *       ≥ 11 (the window must fit at least once) and renormalise those weights to sum to 1, so scores
 *       of small frames stay on the same 0..1 scale. A 64×64 image gets three scales. Images with a side below 11 are rejected.</li>
 *   <li>Negative terms: with heavy noise a scale's mean contrast–structure can go negative, and a
 *       negative number to a fractional power is undefined. Such terms are clamped to 0, so a badly
 *       broken image scores 0 instead of NaN.</li>
 * </ul>
 */
public final class MsSsim {
  static final double[] WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
  static final int WINDOW = 11;
  private static final double SIGMA = 1.5;
  private static final double C1 = (0.01 * 255) * (0.01 * 255);
  private static final double C2 = (0.03 * 255) * (0.03 * 255);
  private static final double[] KERNEL = gaussianKernel();

  private MsSsim() {}

  public static double of(RgbImage reference, RgbImage test) {
    return of(reference, test, Runnable::run);
  }

  /**
   * The same score with the red and green channels computed on {@code executor} while the calling thread
   * does the blue one: for a receiver whose thread is the pipeline's bottleneck while a core is idle.
   */
  public static double of(RgbImage reference, RgbImage test, Executor executor) {
    Psnr.checkSameSize(reference, test);
    int w = reference.width();
    int h = reference.height();
    int scales = scalesFor(w, h);
    if (scales == 0) {
      throw new IllegalArgumentException("MS-SSIM needs images of at least " + WINDOW + "x" + WINDOW
          + " (one " + WINDOW + "x" + WINDOW + " window), got " + w + "x" + h);
    }
    double[] weights = weightsFor(scales);
    CompletableFuture<Double> red = CompletableFuture.supplyAsync(
        () -> channel(plane(reference, 0), plane(test, 0), w, h, weights), executor);
    CompletableFuture<Double> green = CompletableFuture.supplyAsync(
        () -> channel(plane(reference, 1), plane(test, 1), w, h, weights), executor);
    double blue = channel(plane(reference, 2), plane(test, 2), w, h, weights);
    return (red.join() + green.join() + blue) / 3.0;
  }

  /**
   * The paper's weights when all five scales fit (used as published, although they sum to 0.9999, so
   * full-size scores match other implementations); otherwise the first ones rescaled to sum to 1.
   */
  static double[] weightsFor(int scales) {
    if (scales == WEIGHTS.length) {
      return WEIGHTS.clone();
    }
    double sum = 0;
    for (int i = 0; i < scales; i++) {
      sum += WEIGHTS[i];
    }
    double[] weights = new double[scales];
    for (int i = 0; i < scales; i++) {
      weights[i] = WEIGHTS[i] / sum;
    }
    return weights;
  }

  /** Number of scales used for a w×h image: 0 when the window does not fit even once. */
  static int scalesFor(int w, int h) {
    int side = Math.min(w, h);
    int scales = 0;
    while (scales < WEIGHTS.length && side >= WINDOW) {
      scales++;
      side = (side + 1) / 2;
    }
    return scales;
  }

  private static double channel(double[] x, double[] y, int w, int h, double[] weights) {
    double result = 1.0;
    for (int s = 0; s < weights.length; s++) {
      boolean coarsest = s == weights.length - 1;
      double term = Math.max(0.0, meanSsimTerm(x, y, w, h, coarsest));
      result *= Math.pow(term, weights[s]);
      if (!coarsest) {
        x = halve(x, w, h);
        y = halve(y, w, h);
        w = (w + 1) / 2;
        h = (h + 1) / 2;
      }
    }
    return result;
  }

  /**
   * Mean over all valid window positions of contrast–structure, or of luminance × contrast–structure
   * at the coarsest scale. The five local moments are filtered in one separable pass.
   */
  private static double meanSsimTerm(double[] x, double[] y, int w, int h, boolean withLuminance) {
    int ow = w - WINDOW + 1;
    int oh = h - WINDOW + 1;
    // Horizontal pass: 5 moment planes of ow × h.
    double[] hx = new double[ow * h];
    double[] hy = new double[ow * h];
    double[] hxx = new double[ow * h];
    double[] hyy = new double[ow * h];
    double[] hxy = new double[ow * h];
    for (int r = 0; r < h; r++) {
      int row = r * w;
      for (int c = 0; c < ow; c++) {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int k = 0; k < WINDOW; k++) {
          double g = KERNEL[k];
          double a = x[row + c + k];
          double b = y[row + c + k];
          sx += g * a;
          sy += g * b;
          sxx += g * a * a;
          syy += g * b * b;
          sxy += g * a * b;
        }
        int o = r * ow + c;
        hx[o] = sx;
        hy[o] = sy;
        hxx[o] = sxx;
        hyy[o] = syy;
        hxy[o] = sxy;
      }
    }
    double total = 0;
    for (int r = 0; r < oh; r++) {
      for (int c = 0; c < ow; c++) {
        double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
        for (int k = 0; k < WINDOW; k++) {
          double g = KERNEL[k];
          int o = (r + k) * ow + c;
          mx += g * hx[o];
          my += g * hy[o];
          mxx += g * hxx[o];
          myy += g * hyy[o];
          mxy += g * hxy[o];
        }
        double vx = mxx - mx * mx;
        double vy = myy - my * my;
        double cov = mxy - mx * my;
        double cs = (2 * cov + C2) / (vx + vy + C2);
        if (withLuminance) {
          cs *= (2 * mx * my + C1) / (mx * mx + my * my + C1);
        }
        total += cs;
      }
    }
    return total / ((double) ow * oh);
  }

  /** 2×2 mean, output ceil(w/2) × ceil(h/2); an odd edge is averaged with its mirror (i.e. itself). */
  private static double[] halve(double[] p, int w, int h) {
    int nw = (w + 1) / 2;
    int nh = (h + 1) / 2;
    double[] out = new double[nw * nh];
    for (int r = 0; r < nh; r++) {
      int r0 = 2 * r;
      int r1 = Math.min(r0 + 1, h - 1);
      for (int c = 0; c < nw; c++) {
        int c0 = 2 * c;
        int c1 = Math.min(c0 + 1, w - 1);
        out[r * nw + c] = 0.25 * (p[r0 * w + c0] + p[r0 * w + c1] + p[r1 * w + c0] + p[r1 * w + c1]);
      }
    }
    return out;
  }

  private static double[] plane(RgbImage img, int channel) {
    byte[] rgb = img.rgb();
    double[] out = new double[img.width() * img.height()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rgb[3 * i + channel] & 0xFF;
    }
    return out;
  }

  private static double[] gaussianKernel() {
    double[] k = new double[WINDOW];
    double sum = 0;
    int half = WINDOW / 2;
    for (int i = 0; i < WINDOW; i++) {
      double d = i - half;
      k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
      sum += k[i];
    }
    for (int i = 0; i < WINDOW; i++) {
      k[i] /= sum;
    }
    return k;
  }
}
