package io.semstream.codecs.explicit;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.semstream.codecs.layers.SnrModulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The decoder-side parameters of an {@link ExplicitNetwork} that online adaptation may change, in a fixed
 * order, readable as one float[] and writable from one (which is how a receiver applies a delta).
 *
 * <p>Only the stages after the channel are eligible ({@link #DECODER_STAGES}). The encoder, h_s and the
 * entropy bottleneck stay fixed whatever the predicate says: the transmitter's rate decisions and the
 * range coder's tables depend on them, and both ends must keep building identical tables from them.
 *
 * <p>The order is the network's own parameter order, which depends only on the architecture, so a
 * transmitter and a receiver holding the same {@link ExplicitNetwork.Config} agree on it without
 * exchanging names.
 */
public final class AdaptableParameters {

  /**
   * How a JSCC stage's linear-path bias is named (DJL: the child's position, its name "linear", then
   * "_bias"); it duplicates the stage head's last bias.
   */
  public static final Pattern REDUNDANT_BIAS = Pattern.compile(".*_[0-9]+linear_bias");

  /** Top-level blocks of {@link ExplicitNetwork} that only the receiver runs. */
  public static final Set<String> DECODER_STAGES = Set.of("jscc_dec", "g_s");

  /**
   * What a selection predicate sees of a parameter.
   *
   * @param stage the top-level block it belongs to, e.g. "g_s"
   * @param name the network's full parameter name, e.g. "11g_s_01Conv2d_bias"
   * @param type weight, bias, ...
   * @param modulationOutput whether it belongs to the output layer of an SNR-modulation MLP, i.e. it sets
   *     the per-channel scales and shifts directly
   */
  public record Candidate(String stage, String name, Parameter.Type type, boolean modulationOutput) {}

  /**
   * The biases of the decoder stages, the SNR modulation's output biases among them: about 2 k values
   * in the standard network (0.1 %). They move every feature map's offset and, at the link's SNR, every
   * JSCC feature's gain, the knobs that correct a shift of content statistics (colour balance, contrast,
   * flat regions) without relearning filters.
   *
   * <p>Left out on purpose:
   * <ul>
   *   <li>The modulation's output weights. Adaptation runs at one SNR, where the MLP's hidden vector is
   *       fixed, so a change of these weights does nothing a change of the output biases cannot, and
   *       they would be half of a delta's bits (6,144 values; CHANGELOG, 2026-11-23).</li>
   *   <li>A JSCC stage's linear-path bias ({@link #REDUNDANT_BIAS}). It is added to the same output as
   *       the head's last bias, so only their sum matters, and a delta would carry the same change
   *       twice.</li>
   * </ul>
   */
  public static final Predicate<Candidate> DEFAULT = c -> c.type() == Parameter.Type.BIAS
      && !REDUNDANT_BIAS.matcher(c.name()).matches();

  private final List<String> names;
  private final List<Parameter> parameters;
  private final int size;

  private AdaptableParameters(List<String> names, List<Parameter> parameters) {
    this.names = Collections.unmodifiableList(names);
    this.parameters = Collections.unmodifiableList(parameters);
    long total = 0;
    for (Parameter p : parameters) {
      total += p.getArray().size();
    }
    this.size = Math.toIntExact(total);
  }

  /** The {@link #DEFAULT} subset. */
  public static AdaptableParameters decoderDefaults(ExplicitNetwork net) {
    return select(net, DEFAULT);
  }

  /** The decoder-stage parameters the predicate accepts; throws if it accepts none. */
  public static AdaptableParameters select(ExplicitNetwork net, Predicate<Candidate> predicate) {
    Set<Parameter> modulationOutputs = Collections.newSetFromMap(new IdentityHashMap<>());
    List<String> stageKeys = new ArrayList<>();
    for (Pair<String, Block> child : net.getChildren()) {
      stageKeys.add(child.getKey());
      collectModulationOutputs(child.getValue(), modulationOutputs);
    }
    List<String> names = new ArrayList<>();
    List<Parameter> chosen = new ArrayList<>();
    for (Pair<String, Parameter> p : net.getParameters()) {
      String stage = stageOf(p.getKey(), stageKeys);
      if (!DECODER_STAGES.contains(stage)) {
        continue;
      }
      Parameter parameter = p.getValue();
      Candidate c = new Candidate(stage, p.getKey(), parameter.getType(), modulationOutputs.contains(parameter));
      if (predicate.test(c)) {
        names.add(p.getKey());
        chosen.add(parameter);
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("the predicate selects no decoder-side parameter");
    }
    return new AdaptableParameters(names, chosen);
  }

  /** DJL names a child "NNname" (its position, then its name) and prefixes its parameters with that and "_". */
  private static String stageOf(String parameterName, List<String> stageKeys) {
    for (String key : stageKeys) {
      if (parameterName.startsWith(key + "_")) {
        return ExplicitNetwork.stageName(key);
      }
    }
    return "";
  }

  /** The last layer of every SNR-modulation MLP under {@code block}: its outputs are the scales and shifts. */
  private static void collectModulationOutputs(Block block, Set<Parameter> out) {
    if (block instanceof SnrModulation) {
      for (Pair<String, Block> mlp : block.getChildren()) {
        var layers = mlp.getValue().getChildren();
        if (!layers.isEmpty()) {
          for (Pair<String, Parameter> p : layers.get(layers.size() - 1).getValue().getParameters()) {
            out.add(p.getValue());
          }
        }
      }
      return;
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collectModulationOutputs(child.getValue(), out);
    }
  }

  /** Number of float values in the subset. */
  public int size() {
    return size;
  }

  /** The selected parameters' names, in order. */
  public List<String> names() {
    return names;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  /** The current values, concatenated in order. */
  public float[] read() {
    float[] out = new float[size];
    int offset = 0;
    for (Parameter p : parameters) {
      float[] v = p.getArray().toFloatArray();
      System.arraycopy(v, 0, out, offset, v.length);
      offset += v.length;
    }
    return out;
  }

  /** Sets the parameters to {@code values} (laid out as {@link #read} returns them), bit for bit. */
  public void write(float[] values) {
    if (values.length != size) {
      throw new IllegalArgumentException("the subset has " + size + " values, got " + values.length);
    }
    int offset = 0;
    for (Parameter p : parameters) {
      NDArray array = p.getArray();
      int n = Math.toIntExact(array.size());
      array.set(Arrays.copyOfRange(values, offset, offset + n));
      offset += n;
    }
  }
}
