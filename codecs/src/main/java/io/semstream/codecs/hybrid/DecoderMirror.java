package io.semstream.codecs.hybrid;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.explicit.AdaptableParameters;
import io.semstream.codecs.explicit.ExplicitCodec;

/**
 * The transmitter's copy of a receiver's adaptable decoder: the codec, the subset of its decoder that online
 * adaptation tunes, and that subset's shipped values (version 0 of every stream). The Streams applications and
 * the command line go through this class, so they never name the codec family that can adapt (today the
 * explicit codec, whose decoder has a mirror the fine-tuner can train).
 */
public final class DecoderMirror implements AutoCloseable {
  private final ExplicitCodec codec;
  private final AdaptableParameters subset;
  private final float[] shipped;

  private DecoderMirror(ExplicitCodec codec) {
    this.codec = codec;
    this.subset = AdaptableParameters.decoderDefaults(codec.network());
    // Read before any stream's vector is written into it: these are the values every receiver starts from.
    this.shipped = subset.read();
  }

  /** Whether streams coded with this codec can adapt. */
  public static boolean adapts(Codec codec) {
    return codec instanceof ExplicitCodec;
  }

  /** Whether streams coded with codecs of this description can adapt. */
  public static boolean adapts(CodecInfo info) {
    return ExplicitCodec.FAMILY.equals(info.family());
  }

  /** A mirror around {@code codec}, which it then owns and closes. */
  public static DecoderMirror of(Codec codec) {
    if (!(codec instanceof ExplicitCodec explicit)) {
      String id = codec.info().id();
      codec.close();
      throw new IllegalArgumentException("codec " + id + " has no decoder a mirror can adapt");
    }
    return new DecoderMirror(explicit);
  }

  /** The subset's shipped values; a copy. */
  public float[] shipped() {
    return shipped.clone();
  }

  /** Puts a stream's vector into the mirror's decoder. */
  public void write(float[] values) {
    subset.write(values);
  }

  /** The mirror decoder's current vector; a copy. */
  public float[] read() {
    return subset.read();
  }

  /** An adapter that fine-tunes this mirror from {@code version}, starting from {@code carried} if given. */
  public OnlineAdapter adapter(OnlineAdapter.Options options, long version, float[] carried) {
    return new OnlineAdapter(codec, subset, options, version, carried);
  }

  @Override
  public void close() {
    codec.close();
  }
}
