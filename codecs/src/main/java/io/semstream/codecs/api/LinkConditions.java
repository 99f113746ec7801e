package io.semstream.codecs.api;

import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.schemas.FadingModel;

/**
 * What the transmitter knows of the link when it encodes.
 *
 * @param snrDb the SNR (dB) per complex symbol
 * @param fading the fading model
 * @param csiAtReceiver whether the receiver will know the channel's gains (if not, a codec may send pilots)
 * @param coherenceSymbols block fading: symbols per coherence block, 0 = one block per frame
 */
public record LinkConditions(double snrDb, FadingModel fading, boolean csiAtReceiver, int coherenceSymbols) {
  /** A link whose receiver knows the gains, one fading block per frame. */
  public LinkConditions(double snrDb, FadingModel fading) {
    this(snrDb, fading, true, 0);
  }

  /** What a transmitter on this channel knows when it encodes: everything but the draws. */
  public static LinkConditions of(ChannelConfig channel) {
    return new LinkConditions(channel.snrDb(), channel.fading(), channel.csiAtReceiver(), channel.coherenceSymbols());
  }

  public static LinkConditions awgn(double snrDb) {
    return new LinkConditions(snrDb, FadingModel.AWGN);
  }
}
