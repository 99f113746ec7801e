package io.semstream.codecs.implicit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The standard deviation of each latent entry over the training instances after fitting: the analog
 * projection sends entry i scaled by 1/(σ_i√2) (variance ½ a real component, unit power a channel use, on average, the way the linear scheme's gains
 * follow its prior), and the receiver's linear least-squares estimate takes σ_i as the prior. Measured by
 * the meta-trainer and shipped beside the weights, as text, one value a line.
 */
public record LatentPrior(float[] std) {
  public static final float FLOOR = 1e-4f;

  public LatentPrior {
    for (float s : std) {
      if (!(s > 0) || !Float.isFinite(s)) {
        throw new IllegalArgumentException("a latent's prior deviation must be positive and finite, got " + s);
      }
    }
  }

  public static LatentPrior unit(int latent) {
    float[] s = new float[latent];
    java.util.Arrays.fill(s, 1f);
    return new LatentPrior(s);
  }

  public static LatentPrior read(InputStream in) throws IOException {
    List<Float> values = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      line = line.strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        values.add(Float.parseFloat(line));
      }
    }
    float[] s = new float[values.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = values.get(i);
    }
    return new LatentPrior(s);
  }

  public void write(OutputStream out) throws IOException {
    StringBuilder b = new StringBuilder("# latent prior: standard deviation of each entry after fitting\n");
    for (float s : std) {
      b.append(String.format(Locale.ROOT, "%.6g%n", s));
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The first {@code d} entries of each of {@code units} latents [units × latent] as unit-power reals, entry i
   * scaled by 1/(σ_i√2), unit after unit (d reals each), padded to whole channel uses.
   */
  public float[] send(float[] z, int units, int d) {
    int latent = std.length;
    float[] iq = new float[2 * (int) Math.ceil((double) units * d / 2)];
    for (int u = 0; u < units; u++) {
      for (int i = 0; i < d; i++) {
        iq[u * d + i] = (float) (z[u * latent + i] / (std[i] * Math.sqrt(2)));
      }
    }
    return iq;
  }

  /**
   * The receiver's LLSE of the latents {@link #send} sent, [units × latent] with the unsent entries zero: per
   * real, the estimate of the symbol s (variance ½) from r = a·s + n, back on the latent's scale.
   *
   * @param gains the fading gains the receiver knows (interleaved), or null
   */
  public float[] receive(float[] y, float[] gains, double n0, int units, int d) {
    int latent = std.length;
    float[] z = new float[units * latent];
    for (int u = 0; u < units; u++) {
      for (int i = 0; i < d; i++) {
        int at = u * d + i;
        double[] link = io.semstream.codecs.channel.RxPackets.equalised(gains, at / 2, n0);
        double s = link[0] * 0.5 / (link[0] * link[0] * 0.5 + link[1]) * y[at];
        z[u * latent + i] = (float) (std[i] * Math.sqrt(2) * s);
      }
    }
    return z;
  }
}
