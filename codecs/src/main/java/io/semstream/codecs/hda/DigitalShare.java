package io.semstream.codecs.hda;

import java.util.Locale;

/**
 * The share of a frame's channel uses the hybrid codec's digital layer gets, as a function of the link's
 * SNR: {@code low} up to {@code fromDb}, {@code high} from {@code toDb}, linear between. At low SNR the
 * analog layer's few symbols buy more than the MCS's few bits; at high SNR the MCS carries several bits a
 * symbol and the digital layer should take nearly all.
 */
public record DigitalShare(double low, double high, double fromDb, double toDb) {
  /**
   * Chosen on 16 training photos halved to at most 768×512 at 1–13 dB, with link adaptation over the MCS
   * tables (docs/TRAINING.md): the best fixed share was 0.85 at 1–4 dB and 0.95 from 7 dB, 0.01–0.07 dB
   * ahead of the next.
   */
  public static final DigitalShare STANDARD = new DigitalShare(0.85, 0.95, 4, 7);

  public DigitalShare {
    if (!(low >= 0 && low <= 1 && high >= 0 && high <= 1)) {
      throw new IllegalArgumentException("digital shares must be in [0, 1]: " + low + ", " + high);
    }
    if (!(toDb >= fromDb)) {
      throw new IllegalArgumentException("the share's SNR range must not be reversed: " + fromDb + " to " + toDb);
    }
  }

  /** The same share at every SNR. */
  public static DigitalShare fixed(double share) {
    return new DigitalShare(share, share, 0, 0);
  }

  public double at(double snrDb) {
    if (!(snrDb > fromDb)) {
      return low;
    }
    if (snrDb >= toDb) {
      return high;
    }
    return low + (high - low) * (snrDb - fromDb) / (toDb - fromDb);
  }

  public String describe() {
    return low == high ? String.format(Locale.ROOT, "%.0f %%", 100 * low)
        : String.format(Locale.ROOT, "%.0f %% (at %.0f dB and below) to %.0f %% (at %.0f dB and above)", 100 * low,
            fromDb, 100 * high, toDb);
  }
}
