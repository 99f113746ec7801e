package io.semstream.codecs.implicit;

import ai.djl.Model;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.entropy.EntropyCoding;
import io.semstream.codecs.entropy.GaussianScaleTable;
import io.semstream.codecs.telemetry.DigitalPath;
import io.semstream.codecs.telemetry.SeriesWindow;
import io.semstream.codecs.telemetry.StreamProfile;
import io.semstream.codecs.telemetry.TelemetryCodec;
import io.semstream.codecs.telemetry.TelemetryWindowMeta;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.util.Arrays;

/**
 * Implicit NeurJSCC, digital: the same fitted field as {@link ImplicitTelemetryCodec}, its whole latent fitted,
 * each entry quantised with a step of s·σ (σ its prior standard deviation), range-coded under a Gaussian of scale
 * 1/s, and sent as one transport block over the 5G NR path ({@link DigitalPath}) at the MCS of a design SNR. The
 * transmitter takes the finest s whose code fits the block. Below the design SNR the block is lost and the
 * receiver conceals the window; above it the field is rendered exactly as the transmitter quantised it.
 *
 * <p>Payload: one byte naming the step, two bytes of code length, the range code, padding.
 */
public final class ImplicitDigitalTelemetryCodec implements TelemetryCodec {
  public static final String FAMILY = "implicit-ldpc";
  static final int STEPS = 48;

  private final Name name;
  private final FieldCoder coder;
  private final LatentPrior prior;
  private final DigitalPath path;
  private final GaussianScaleTable table = GaussianScaleTable.standard();

  /** Takes ownership of {@code model}: {@link #close} closes it. */
  public ImplicitDigitalTelemetryCodec(double cbrTarget, double designSnrDb, Model model, LatentPrior prior,
      int fitSteps) {
    this.name = new Name(FAMILY, cbrTarget);
    this.coder = new FieldCoder(model, fitSteps);
    this.prior = prior;
    this.path = new DigitalPath(cbrTarget, designSnrDb);
  }

  @Override
  public Name name() {
    return name;
  }

  /** Step {@code q} in prior standard deviations: 4 · 2^(−q/4), from 4 down to about 0.0013. */
  static double step(int q) {
    return 4 * Math.pow(2, -q / 4.0);
  }

  @Override
  public synchronized TxPacket encode(TelemetryWindowMeta meta, SeriesWindow window, StreamProfile profile,
      LinkConditions link) {
    DigitalPath.Slot slot = path.slot(window, link);
    if (slot.capacityBytes() <= 3) {
      return path.packet(meta, name.id(), link, window, slot, null);
    }
    int channels = window.channels();
    float[] z = coder.fit(window, profile, coder.config().latent());
    for (int q = STEPS - 1; q >= 0; q--) {
      byte[] code = EntropyCoding.encode(quantise(z, step(q)), indexes(channels, step(q)), table);
      if (3 + code.length <= slot.capacityBytes()) {
        byte[] payload = new byte[slot.capacityBytes()];
        payload[0] = (byte) q;
        payload[1] = (byte) (code.length >>> 8);
        payload[2] = (byte) code.length;
        System.arraycopy(code, 0, payload, 3, code.length);
        return path.packet(meta, name.id(), link, window, slot, payload);
      }
    }
    return path.packet(meta, name.id(), link, window, slot, null);
  }

  int[] quantise(float[] z, double step) {
    int latent = coder.config().latent();
    int[] v = new int[z.length];
    for (int i = 0; i < z.length; i++) {
      v[i] = (int) Math.max(-1_000_000, Math.min(1_000_000, Math.rint(z[i] / (prior.std()[i % latent] * step))));
    }
    return v;
  }

  private int[] indexes(int channels, double step) {
    int[] index = new int[channels * coder.config().latent()];
    Arrays.fill(index, table.indexOf((float) (1 / step)));
    return index;
  }

  @Override
  public synchronized SeriesWindow decode(RxPacket packet, StreamProfile profile) {
    int channels = packet.getHeight(), n = packet.getWidth(), latent = coder.config().latent();
    byte[] payload = path.receive(packet);
    int q = payload[0], length = (payload[1] & 0xff) << 8 | payload[2] & 0xff;
    if (q < 0 || q >= STEPS || 3 + length > payload.length) {
      throw new CodecException("window " + packet.getSeq() + " names step " + q + " and " + length + " code bytes in a "
          + payload.length + "-byte block");
    }
    int[] v = EntropyCoding.decode(Arrays.copyOfRange(payload, 3, 3 + length), indexes(channels, step(q)), table);
    float[] z = new float[channels * latent];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (v[i] * prior.std()[i % latent] * step(q));
    }
    return coder.render(z, channels, n, profile);
  }

  @Override
  public void close() {
    coder.close();
  }
}
