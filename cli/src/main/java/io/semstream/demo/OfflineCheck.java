package io.semstream.demo;

import io.semstream.codecs.api.AdaptiveDecoder;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.FrameLostException;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.Reconstruction;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.serde.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline adds nothing and loses nothing: each reconstruction is compared, pixel for pixel, with an
 * offline decode of the very packet the receiver was given, by a codec of the same id at the model
 * version the receiver used (rebuilt from the stream's deltas, as a receiver does).
 */
public final class OfflineCheck {

  /**
   * @param identical reconstructions equal to the offline decode (a lost frame counts when the offline
   *     codec finds it lost too)
   * @param differing seqs of reconstructions that are not
   * @param unverifiable reconstructions without their packet, or at a version whose deltas were not seen
   */
  public record Result(int identical, List<Long> differing, int unverifiable) {
    public boolean allIdentical() {
      return differing.isEmpty() && unverifiable == 0;
    }
  }

  private OfflineCheck() {}

  public static Result check(CodecRegistry registry, Map<Long, Reconstruction> reconstructions,
      Map<Long, RxPacket> packets, List<ModelDelta> deltas) {
    Map<String, Codec> codecs = new HashMap<>();
    Map<Long, ModelDelta> byVersion = new HashMap<>();
    for (ModelDelta d : deltas) {
      if (!d.getFull() && d.getNewVersion() == d.getBaseVersion() + 1) {
        byVersion.putIfAbsent(d.getNewVersion(), d);
      }
    }
    Map<Long, float[]> versions = new HashMap<>();
    int identical = 0, unverifiable = 0;
    List<Long> differing = new ArrayList<>();
    try {
      for (Reconstruction r : reconstructions.values()) {
        RxPacket packet = packets.get(r.getSeq());
        if (packet == null || r.getNonFinite()) {
          unverifiable++;
          continue;
        }
        Codec codec = codecs.computeIfAbsent(packet.getCodecId(), registry::create);
        float[] parameters = null;
        if (r.getModelVersion() > 0) {
          parameters = codec instanceof AdaptiveDecoder a ? parameters(a, r.getModelVersion(), byVersion, versions)
              : null;
          if (parameters == null) {
            unverifiable++;
            continue;
          }
        }
        if (sameAsOffline(codec, packet, parameters, r)) {
          identical++;
        } else {
          differing.add(r.getSeq());
        }
      }
    } finally {
      codecs.values().forEach(Codec::close);
    }
    return new Result(identical, differing, unverifiable);
  }

  private static boolean sameAsOffline(Codec codec, RxPacket packet, float[] parameters, Reconstruction r) {
    RgbImage offline;
    try {
      offline = parameters == null ? codec.decode(packet) : ((AdaptiveDecoder) codec).decode(packet, parameters);
    } catch (FrameLostException e) {
      return r.getLost();
    } catch (CodecException e) {
      return false;
    }
    if (r.getLost()) {
      return false;
    }
    return Arrays.equals(offline.rgb(), ImageFiles.decode(Bytes.of(r.getPayload())).rgb());
  }

  /** The stream's vector at {@code version}, from the shipped one through deltas 1..version; null if one is missing. */
  private static float[] parameters(AdaptiveDecoder codec, long version, Map<Long, ModelDelta> deltas,
      Map<Long, float[]> built) {
    float[] v = codec.baseParameters();
    for (long k = 1; k <= version; k++) {
      float[] known = built.get(k);
      if (known != null) {
        v = known;
        continue;
      }
      ModelDelta d = deltas.get(k);
      if (d == null) {
        return null;
      }
      v = codec.applyDelta(Bytes.of(d.getPayload()), v);
      built.put(k, v);
    }
    return v;
  }
}
