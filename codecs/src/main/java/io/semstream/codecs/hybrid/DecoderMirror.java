package io.semstream.codecs.hybrid;

import io.semstream.codecs.api.AdaptiveEncoder;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecInfo;

/**
 * The transmitter's copy of a receiver's adaptable decoder: an {@link AdaptiveEncoder} instance of its own and
 * the vector's shipped values (version 0 of every stream). The Streams applications and the command line go
 * through this class, so they never name the codec family that can adapt.
 */
public final class DecoderMirror implements AutoCloseable {
  private final AdaptiveEncoder codec;
  private final float[] shipped;

  private DecoderMirror(AdaptiveEncoder codec) {
    this.codec = codec;
    // Read before any stream's vector is written into it: these are the values every receiver starts from.
    this.shipped = codec.baseParameters();
  }

  /** Whether streams coded with this codec can adapt. */
  public static boolean adapts(Codec codec) {
    return codec instanceof AdaptiveEncoder;
  }

  /** Whether streams coded with codecs of this description can adapt. */
  public static boolean adapts(CodecInfo info) {
    return info.adaptsOnline();
  }

  /** A mirror around {@code codec}, which it then owns and closes. */
  public static DecoderMirror of(Codec codec) {
    if (!(codec instanceof AdaptiveEncoder adaptive)) {
      String id = codec.info().id();
      codec.close();
      throw new IllegalArgumentException("codec " + id + " has no decoder a mirror can adapt");
    }
    return new DecoderMirror(adaptive);
  }

  /** The vector's shipped values; a copy. */
  public float[] shipped() {
    return shipped.clone();
  }

  /** Puts a stream's vector into the mirror's decoder. */
  public void write(float[] values) {
    codec.setAdaptableValues(values);
  }

  /** The mirror decoder's current vector; a copy. */
  public float[] read() {
    return codec.adaptableValues();
  }

  /** An adapter that fine-tunes this mirror from {@code version}, starting from {@code carried} if given. */
  public OnlineAdapter adapter(OnlineAdapter.Options options, long version, float[] carried) {
    return new OnlineAdapter(codec, options, version, carried);
  }

  @Override
  public void close() {
    codec.close();
  }
}
