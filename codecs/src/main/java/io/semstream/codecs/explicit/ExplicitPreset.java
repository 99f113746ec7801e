package io.semstream.codecs.explicit;

import io.semstream.codecs.api.CodecInfo;

/**
 * The CBR presets of the explicit codec. One rate-adaptive network serves all of them: the preset only
 * sets the channel-use budget the rate allocator fills.
 */
public enum ExplicitPreset {
  CBR_1_16("explicit-c16", 1.0 / 16),
  CBR_1_48("explicit-c48", 1.0 / 48);

  private final String id;
  private final double cbr;

  ExplicitPreset(String id, double cbr) {
    this.id = id;
    this.cbr = cbr;
  }

  public String id() {
    return id;
  }

  public double cbr() {
    return cbr;
  }

  public CodecInfo info() {
    return ExplicitCodec.info(id, cbr);
  }

  /** A codec for this preset with the shipped weights (one model per codec instance). */
  public ExplicitCodec newCodec() {
    return new ExplicitCodec(id, cbr, ExplicitModel.load());
  }
}
