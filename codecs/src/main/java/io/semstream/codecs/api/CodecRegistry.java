package io.semstream.codecs.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codecs by id, so the topology never names a concrete codec. {@link #standard()} holds every
 * codec the product ships; tests may build their own registry.
 */
public final class CodecRegistry {

  private final Map<String, CodecInfo> infos = new LinkedHashMap<>();
  private final Map<String, CodecFactory> factories = new LinkedHashMap<>();

  public CodecRegistry register(CodecInfo info, CodecFactory factory) {
    if (infos.putIfAbsent(info.id(), info) != null) {
      throw new IllegalArgumentException("codec id registered twice: " + info.id());
    }
    factories.put(info.id(), factory);
    return this;
  }

  public boolean contains(String id) {
    return factories.containsKey(id);
  }

  public CodecInfo info(String id) {
    CodecInfo info = infos.get(id);
    if (info == null) {
      throw new UnknownCodecException(id, infos.keySet());
    }
    return info;
  }

  /** A new instance of the codec; the caller closes it. */
  public Codec create(String id) {
    CodecFactory factory = factories.get(id);
    if (factory == null) {
      throw new UnknownCodecException(id, infos.keySet());
    }
    return factory.create();
  }

  public List<CodecInfo> list() {
    return Collections.unmodifiableList(new ArrayList<>(infos.values()));
  }

  /** Every codec shipped with SemStream; classical codecs design their MCS for the link's SNR. */
  public static CodecRegistry standard() {
    return standard(Double.NaN);
  }

  /** Every codec shipped with SemStream, the classical ones with a fixed design SNR (dB). */
  public static CodecRegistry standard(double designSnrDb) {
    return StandardCodecs.register(new CodecRegistry(), designSnrDb);
  }
}
