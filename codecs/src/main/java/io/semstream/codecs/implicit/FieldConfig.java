package io.semstream.codecs.implicit;

/**
 * The shape of a neural field: Fourier features of the coordinates, sine layers, and the latent whose
 * linear images shift each layer's pre-activation (one latent per instance: a channel of a window, or a
 * colour frame).
 *
 * @param inputs coordinate dimensions (1: time; 2: x, y)
 * @param outputs values per coordinate (1: one channel; 3: RGB)
 * @param frequencies Fourier frequencies per input dimension, log-spaced from 1 to {@code maxFrequency}
 *     cycles over the [−1, 1] span
 * @param hidden width of the sine layers
 * @param layers sine layers
 * @param latent the largest latent; a CBR uses a prefix of it
 * @param omega SIREN's ω₀, the frequency factor of the sine activations
 */
public record FieldConfig(int inputs, int outputs, int frequencies, double maxFrequency, int hidden, int layers,
    int latent, float omega) {

  /** Telemetry: one channel over time. */
  public static FieldConfig series() {
    return new FieldConfig(1, 1, 16, 64, 64, 3, 64, 30f);
  }

  /**
   * Pictures: RGB over one 16×16 patch (x, y in [−1, 1] across the patch). The highest frequency is the patch's
   * Nyquist rate (8 cycles over 16 pixels); 96 latent entries fill CBR 1/16 (48 channel uses a patch), and the
   * 3 × 64 + 3 shifts they move leave every entry room to matter.
   */
  public static FieldConfig frame() {
    return new FieldConfig(2, 3, 6, 8, 64, 3, 96, 30f);
  }

  public int featureCount() {
    return 2 * frequencies * inputs;
  }
}
