package io.semstream.codecs.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.image.RgbImage;

/** RGB bytes ↔ [1,3,H,W] float tensors in [0,1]. */
public final class Tensors {
  private Tensors() {}

  public static float[] toChw(RgbImage image) {
    int w = image.width(), h = image.height(), plane = w * h;
    byte[] rgb = image.rgb();
    float[] out = new float[plane * 3];
    for (int i = 0; i < plane; i++) {
      out[i] = (rgb[3 * i] & 0xFF) / 255f;
      out[plane + i] = (rgb[3 * i + 1] & 0xFF) / 255f;
      out[2 * plane + i] = (rgb[3 * i + 2] & 0xFF) / 255f;
    }
    return out;
  }

  /** The SNR the networks see is clamped here: +∞ (a noiseless test channel) must not reach their MLPs. */
  public static final double NETWORK_SNR_MIN = -10, NETWORK_SNR_MAX = 30;

  /** The link's SNR as a [1,1] input of a network: clamped to what the networks accept, NaN as 0 dB. */
  public static NDArray snr(NDManager manager, double snrDb) {
    double s = Double.isNaN(snrDb) ? 0 : Math.max(NETWORK_SNR_MIN, Math.min(NETWORK_SNR_MAX, snrDb));
    return manager.create(new float[] {(float) s}, new Shape(1, 1));
  }

  public static NDArray toTensor(NDManager manager, RgbImage image) {
    return manager.create(toChw(image), new Shape(1, 3, image.height(), image.width()));
  }

  /**
   * First image of a [B,3,H,W] tensor, clamped to [0,1] and rounded to 8 bits.
   *
   * @throws NonFiniteOutputException if any value is NaN or infinite: clamping would turn it into a
   *     plausible black or white pixel
   */
  public static RgbImage toImage(NDArray y) {
    Shape s = y.getShape();
    int h = (int) s.get(2), w = (int) s.get(3), plane = w * h;
    float[] v = NonFiniteOutputException.requireFinite(y.get(0).toFloatArray(), "the decoder");
    byte[] rgb = new byte[plane * 3];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        float f = v[c * plane + i] * 255f + 0.5f;
        int q = f <= 0 ? 0 : f >= 255 ? 255 : (int) f;
        rgb[3 * i + c] = (byte) q;
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
