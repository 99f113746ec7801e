package io.semstream.codecs.registry;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.UnknownCodecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Codecs by id, so the topology never names a concrete codec. {@link #standard()} holds every
 * codec the product ships; tests may build their own registry.
 */
public final class CodecRegistry {

  private final Map<String, CodecInfo> infos = new LinkedHashMap<>();
  private final Map<String, CodecFactory> factories = new LinkedHashMap<>();
  private final Map<String, CodecFamily> families = new LinkedHashMap<>();
  /** Per preset or family prefix: why it cannot run on this machine (a missing tool), checked when asked. */
  private final Map<String, Supplier<Optional<String>>> requirements = new LinkedHashMap<>();

  public CodecRegistry register(CodecInfo info, CodecFactory factory) {
    if (infos.putIfAbsent(info.id(), info) != null) {
      throw new IllegalArgumentException("codec id registered twice: " + info.id());
    }
    factories.put(info.id(), factory);
    return this;
  }

  /**
   * Marks a preset or family (by id or prefix) as needing something outside the JVM: {@code check} says why
   * it cannot run here, or empty. Asked only by {@link #unavailable}, so building a registry starts nothing.
   */
  public CodecRegistry requires(String idOrPrefix, Supplier<Optional<String>> check) {
    requirements.put(idOrPrefix, check);
    return this;
  }

  /** Why the codec cannot run on this machine (e.g. "ffmpeg is not installed"), or empty when it can. */
  public Optional<String> unavailable(String id) {
    Supplier<Optional<String>> check = requirements.get(id);
    if (check == null) {
      CodecFamily family = familyOf(id);
      check = family == null ? null : requirements.get(family.prefix());
    }
    return check == null ? Optional.empty() : check.get();
  }

  /** Adds a family whose ids {@code <prefix>-c<N>} are answered on demand; presets by name win over it. */
  public CodecRegistry registerFamily(CodecFamily family) {
    if (families.putIfAbsent(family.prefix(), family) != null) {
      throw new IllegalArgumentException("codec family registered twice: " + family.prefix());
    }
    return this;
  }

  public boolean contains(String id) {
    return factories.containsKey(id) || familyOf(id) != null;
  }

  public CodecInfo info(String id) {
    CodecInfo info = infos.get(id);
    if (info != null) {
      return info;
    }
    CodecFamily family = familyOf(id);
    if (family == null) {
      throw unknown(id);
    }
    return family.infos().info(id, family.cbrOf(id));
  }

  /** A new instance of the codec; the caller closes it. */
  public Codec create(String id) {
    CodecFactory factory = factories.get(id);
    if (factory != null) {
      return factory.create();
    }
    CodecFamily family = familyOf(id);
    if (family == null) {
      throw unknown(id);
    }
    return family.factory().create(id, family.cbrOf(id));
  }

  /** The presets registered by name. */
  public List<CodecInfo> list() {
    return Collections.unmodifiableList(new ArrayList<>(infos.values()));
  }

  /** The families that answer any CBR. */
  public List<CodecFamily> families() {
    return List.copyOf(families.values());
  }

  /**
   * The id of {@code prefix} at CBR {@code cbr}: a preset of that name and CBR if there is one (the
   * classical codecs' plain ids are their 1/16 presets), else {@code <prefix>-c<N>} for cbr = 1/N.
   *
   * @throws IllegalArgumentException if 1/cbr is not a whole number or the family cannot fill that CBR
   */
  public String idFor(String prefix, double cbr) {
    double n = 1 / cbr;
    long rounded = Math.round(n);
    if (!(cbr > 0) || Math.abs(n - rounded) > 1e-6 * n) {
      throw new IllegalArgumentException("CBR " + cbr + " is not 1/N for a whole N; write it as 1/N");
    }
    for (CodecInfo info : infos.values()) {
      if (info.id().equals(prefix) && Math.abs(info.cbrTarget() - cbr) <= 1e-9) {
        return info.id();
      }
    }
    String id = prefix + "-c" + rounded;
    if (!contains(id)) {
      CodecFamily family = families.get(prefix);
      throw new IllegalArgumentException(family == null ? "no codec family '" + prefix + "'"
          : prefix + " fills CBRs up to 1/" + family.minDenominator() + ", not 1/" + rounded);
    }
    return id;
  }

  private CodecFamily familyOf(String id) {
    for (CodecFamily f : families.values()) {
      if (!Double.isNaN(f.cbrOf(id))) {
        return f;
      }
    }
    return null;
  }

  private UnknownCodecException unknown(String id) {
    List<String> known = new ArrayList<>(infos.keySet());
    for (CodecFamily f : families.values()) {
      known.add(f.prefix() + "-c<N> (N >= " + f.minDenominator() + ")");
    }
    return new UnknownCodecException(id, known);
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
