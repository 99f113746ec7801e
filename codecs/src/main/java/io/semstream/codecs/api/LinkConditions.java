package io.semstream.codecs.api;

import io.semstream.schemas.FadingModel;

/** What the transmitter knows of the link when it encodes: the SNR (dB) and the fading model. */
public record LinkConditions(double snrDb, FadingModel fading) {
  public static LinkConditions awgn(double snrDb) {
    return new LinkConditions(snrDb, FadingModel.AWGN);
  }
}
