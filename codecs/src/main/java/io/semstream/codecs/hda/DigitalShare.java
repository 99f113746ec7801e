package io.semstream.codecs.hda;

import io.semstream.codecs.api.LinkConditions;
import io.semstream.schemas.FadingModel;
import java.util.Locale;

/**
 * The share of a frame's channel uses the hybrid codec's digital layer gets, as a function of the link's
 * SNR: {@code low} up to {@code fromDb}, {@code high} from {@code toDb}, linear between. At low SNR the
 * analog layer's few symbols buy more than the MCS's few bits; at high SNR the MCS carries several bits a
 * symbol and the digital layer should take nearly all.
 *
 * <p>Under block fading it is {@code blockFading} whatever the SNR: the base is then sent for an outage
 * SNR far below the frame's usual one, and the analog layer, which gets the frame's real SNR, is worth
 * most of the channel uses.
 */
public record DigitalShare(double low, double high, double fromDb, double toDb, double blockFading) {
  /**
   * Chosen on 16 training photos halved to at most 768×512 (docs/TRAINING.md). On AWGN at 1–13 dB, with link
   * adaptation over the MCS tables, the best fixed share was 0.85 at 1–4 dB and 0.95 from 7 dB, 0.01–0.07 dB
   * ahead of the next; under Rayleigh block fading without CSI at 10 dB (five draws a photo), 0.25 of 0.1,
   * 0.25, 0.5, 0.7 and 0.85.
   */
  public static final DigitalShare STANDARD = new DigitalShare(0.85, 0.95, 4, 7, 0.25);

  public DigitalShare {
    if (!(low >= 0 && low <= 1 && high >= 0 && high <= 1 && blockFading >= 0 && blockFading <= 1)) {
      throw new IllegalArgumentException("digital shares must be in [0, 1]: " + low + ", " + high + ", " + blockFading);
    }
    if (!(toDb >= fromDb)) {
      throw new IllegalArgumentException("the share's SNR range must not be reversed: " + fromDb + " to " + toDb);
    }
  }

  /** The same share at every SNR, on every channel. */
  public static DigitalShare fixed(double share) {
    return new DigitalShare(share, share, 0, 0, share);
  }

  /** The share for a frame on this link whose base is sent for {@code baseSnrDb}. */
  public double forLink(LinkConditions link, double baseSnrDb) {
    return link.fading() == FadingModel.RAYLEIGH_BLOCK ? blockFading : at(baseSnrDb);
  }

  /** The share on a link that does not fade in blocks. */
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
    if (low == high && high == blockFading) {
      return String.format(Locale.ROOT, "%.0f %%", 100 * low);
    }
    String awgn = low == high ? String.format(Locale.ROOT, "%.0f %%", 100 * low)
        : String.format(Locale.ROOT, "%.0f %% (at %.0f dB and below) to %.0f %% (at %.0f dB and above)", 100 * low,
            fromDb, 100 * high, toDb);
    return awgn + String.format(Locale.ROOT, ", %.0f %% under block fading", 100 * blockFading);
  }
}
