package io.semstream.codecs.implicit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * The shared base network of the implicit codec: Fourier features → sine layers sin(ω₀ (W h + b + M_l z))
 * → a linear output, where z is the instance's latent and M_l maps it to layer l's shift (COIN++'s shift
 * modulations through a linear map) and M_out to an offset of the output. Weights start as SIREN prescribes: U(−1/n, 1/n) in the first layer,
 * U(−√(6/n)/ω₀, √(6/n)/ω₀) after it, so activations keep their distribution through depth.
 *
 * <p>Inputs: features [P, F] (shared by the batch) and latents [B, latent]. Output: values [B, P, outputs].
 */
public final class SirenField extends AbstractBlock {
  private final FieldConfig config;
  private final Parameter[] weights;
  private final Parameter[] biases;
  private final Parameter[] modulations;
  private final Parameter outWeight;
  private final Parameter outBias;
  private final Parameter outModulation;

  public SirenField(FieldConfig config) {
    this(config, false);
  }

  /**
   * @param silent the output layer starts at zero: a field that adds to another representation (the linear path
   *     of {@link LinearPathTelemetryCodec}) starts by adding nothing
   */
  public SirenField(FieldConfig config, boolean silent) {
    super((byte) 1);
    this.config = config;
    int layers = config.layers();
    weights = new Parameter[layers];
    biases = new Parameter[layers];
    modulations = new Parameter[layers];
    for (int l = 0; l < layers; l++) {
      int in = l == 0 ? config.featureCount() : config.hidden();
      float bound = l == 0 ? 1f / in : (float) (Math.sqrt(6.0 / in) / config.omega());
      weights[l] = addParameter(Parameter.builder().setName("weight" + l).setType(Parameter.Type.WEIGHT)
          .optInitializer(new UniformInitializer(bound)).optShape(new Shape(in, config.hidden())).build());
      biases[l] = addParameter(Parameter.builder().setName("bias" + l).setType(Parameter.Type.BIAS)
          .optInitializer(new UniformInitializer(bound)).optShape(new Shape(config.hidden())).build());
      // Small, so that a zero latent is SIREN's own network and a latent step moves the shifts gently.
      modulations[l] = addParameter(Parameter.builder().setName("modulation" + l).setType(Parameter.Type.WEIGHT)
          .optInitializer(new NormalInitializer(0.01f)).optShape(new Shape(config.latent(), config.hidden())).build());
    }
    float outBound = (float) (Math.sqrt(6.0 / config.hidden()) / config.omega());
    outWeight = addParameter(Parameter.builder().setName("outWeight").setType(Parameter.Type.WEIGHT)
        .optInitializer(silent ? new ConstantInitializer(0) : new UniformInitializer(outBound))
        .optShape(new Shape(config.hidden(), config.outputs())).build());
    outBias = addParameter(Parameter.builder().setName("outBias").setType(Parameter.Type.BIAS)
        .optInitializer(new ConstantInitializer(0)).optShape(new Shape(config.outputs())).build());
    // The latent also moves the output directly: an instance's offset (a window's mean) is one step away.
    outModulation = addParameter(Parameter.builder().setName("outModulation").setType(Parameter.Type.WEIGHT)
        .optInitializer(silent ? new ConstantInitializer(0) : new NormalInitializer(0.1f))
        .optShape(new Shape(config.latent(), config.outputs())).build());
  }

  public FieldConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    return new NDList(render(ps, inputs.get(0), inputs.get(1), training));
  }

  /**
   * The field's values at the features' coordinates for each latent.
   *
   * @param trainWeights false: the weights are constants of the graph (fitting a latent, decoding), so a
   *     backward pass reaches only the latent
   */
  public NDArray render(ParameterStore ps, NDArray features, NDArray latents, boolean trainWeights) {
    long batch = latents.getShape().get(0);
    NDArray h = features.expandDims(0);
    for (int l = 0; l < config.layers(); l++) {
      NDArray shift = latents.matMul(value(ps, modulations[l], latents, trainWeights)).reshape(batch, 1, config.hidden());
      NDArray pre = h.matMul(value(ps, weights[l], latents, trainWeights))
          .add(value(ps, biases[l], latents, trainWeights)).add(shift);
      h = pre.mul(config.omega()).sin();
    }
    NDArray offset = latents.matMul(value(ps, outModulation, latents, trainWeights)).reshape(batch, 1, config.outputs());
    return h.matMul(value(ps, outWeight, latents, trainWeights)).add(value(ps, outBias, latents, trainWeights))
        .add(offset);
  }

  private static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean trainWeights) {
    NDArray v = ps.getValue(p, like.getDevice(), trainWeights);
    if (trainWeights) {
      return v;
    }
    // The detached view would belong to the parameter's manager, which lives as long as the model: attached to
    // the caller's scope instead, it is freed with the render's other arrays rather than kept until the end.
    NDArray detached = v.stopGradient();
    detached.attach(like.getManager());
    return detached;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[1].get(0), inputShapes[0].get(0), config.outputs())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no child blocks: every parameter is this block's own, with its shape fixed at construction
  }
}
