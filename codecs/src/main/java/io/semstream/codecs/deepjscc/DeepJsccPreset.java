package io.semstream.codecs.deepjscc;

/**
 * The CBR presets of the Deep JSCC codec. All share one rate-adaptive network; a preset is how many
 * latent channels it sends: k real channels at H/8 × W/8 give k/2 complex symbols per 192 source
 * values, so CBR = k / 384.
 */
public enum DeepJsccPreset {
  CBR_1_16("deepjscc-c16", 24),
  CBR_1_48("deepjscc-c48", 8);

  private final String id;
  private final int channels;

  DeepJsccPreset(String id, int channels) {
    this.id = id;
    this.channels = channels;
  }

  public String id() { return id; }

  /** Real latent channels sent. */
  public int channels() { return channels; }

  public double cbr() {
    return channels / (2.0 * DeepJsccNetwork.DOWNSAMPLE * DeepJsccNetwork.DOWNSAMPLE * 3);
  }
}
