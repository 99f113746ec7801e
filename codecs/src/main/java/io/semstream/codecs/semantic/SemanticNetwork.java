package io.semstream.codecs.semantic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.semstream.codecs.layers.Layers;
import io.semstream.codecs.layers.PixelShuffle;
import io.semstream.codecs.layers.TokenModulation;
import io.semstream.codecs.layers.TransformerBlock;
import java.util.List;

/**
 * The semantic-token network for one 256×256 tile (SemCod's workflow): a convolutional patch embedding to
 * an 8×8 grid of 32-pixel patch tokens, transformer blocks between which {@link Tokenizer} merges tokens
 * down to K, an SNR- and rate-conditioned projection of each token to channel symbols, and at the
 * receiver the inverse projection, the unmerge to patch positions, transformer blocks and a sub-pixel
 * convolutional synthesis.
 *
 * <p>Its stages are separate methods rather than one forward, because the merging between the encoder's
 * blocks is decided in Java on each tile's features ({@link TokenGroups}); {@link #forwardInternal}
 * exists only to initialise the parameters.
 */
public final class SemanticNetwork extends AbstractBlock {
  public static final int TILE = 256;
  public static final int PATCH = 32;
  public static final int GRID = TILE / PATCH;
  public static final int PATCHES = GRID * GRID;
  public static final int MIN_TOKENS = 10;
  public static final int MAX_TOKENS = 30;
  /** Complex channel symbols a token can carry at most. */
  public static final int MAX_SYMBOLS = 96;
  public static final int WIDTH = 128;
  public static final int HEADS = 4;
  public static final int ENCODER_BLOCKS = 4;
  public static final int DECODER_BLOCKS = 4;
  /** Link vectors are [SNR / SNR_SCALE, symbols per token / MAX_SYMBOLS]. */
  public static final float SNR_SCALE = 20f;

  private final SequentialBlock stem;
  private final Parameter encoderPosition;
  private final TransformerBlock[] encoder = new TransformerBlock[ENCODER_BLOCKS];
  private final LayerNorm encoderNorm;
  private final TokenModulation txModulation;
  private final Linear toSymbols;
  private final Linear fromSymbols;
  private final TokenModulation rxModulation;
  private final Parameter decoderPosition;
  private final TransformerBlock[] decoder = new TransformerBlock[DECODER_BLOCKS];
  private final LayerNorm decoderNorm;
  private final SequentialBlock synthesis;

  public SemanticNetwork() {
    super((byte) 1);
    stem = addChildBlock("stem", new SequentialBlock()
        .add(Layers.conv(48, 4, 4, 0)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(48, 3, 1)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(96, 2, 2, 0)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(96, 3, 1)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(WIDTH, 2, 2, 0)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(WIDTH, 2, 2, 0)));
    encoderPosition = addParameter(Parameter.builder().setName("encoderPosition").setType(Parameter.Type.WEIGHT)
        .optInitializer(new NormalInitializer(0.02f)).optShape(new Shape(1, PATCHES, WIDTH)).build());
    for (int i = 0; i < ENCODER_BLOCKS; i++) {
      encoder[i] = addChildBlock("encoder" + i, new TransformerBlock(WIDTH, HEADS, 2));
    }
    encoderNorm = addChildBlock("encoderNorm", LayerNorm.builder().axis(2).build());
    txModulation = addChildBlock("txLink", new TokenModulation(WIDTH, 64));
    toSymbols = addChildBlock("toSymbols", Linear.builder().setUnits(2L * MAX_SYMBOLS).build());
    fromSymbols = addChildBlock("fromSymbols", Linear.builder().setUnits(WIDTH).build());
    rxModulation = addChildBlock("rxLink", new TokenModulation(WIDTH, 64));
    decoderPosition = addParameter(Parameter.builder().setName("decoderPosition").setType(Parameter.Type.WEIGHT)
        .optInitializer(new NormalInitializer(0.02f)).optShape(new Shape(1, PATCHES, WIDTH)).build());
    for (int i = 0; i < DECODER_BLOCKS; i++) {
      decoder[i] = addChildBlock("decoder" + i, new TransformerBlock(WIDTH, HEADS, 2));
    }
    decoderNorm = addChildBlock("decoderNorm", LayerNorm.builder().axis(2).build());
    synthesis = addChildBlock("synthesis", new SequentialBlock()
        .add(Layers.conv(96 * 4, 3, 1)).add(new PixelShuffle(2)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(64 * 4, 3, 1)).add(new PixelShuffle(2)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(48 * 4, 3, 1)).add(new PixelShuffle(2)).add(Activation.leakyReluBlock(0.1f))
        .add(Layers.conv(32 * 4, 3, 1)).add(new PixelShuffle(2)).add(Activation.leakyReluBlock(0.1f))
        .add(outputConv()).add(new PixelShuffle(2)));
  }

  /** Starts near zero, so an untrained network draws mid-grey. */
  private static Block outputConv() {
    Block conv = Layers.conv(3 * 4, 3, 1);
    conv.setInitializer(new NormalInitializer(1e-3f), Parameter.Type.WEIGHT);
    return conv;
  }

  /** Tiles [B, 3, 256, 256] in [0, 1] → patch tokens [B, 64, D], raster order, with their positions. */
  public NDArray embed(ParameterStore ps, NDArray tiles, boolean training) {
    NDArray f = stem.forward(ps, new NDList(tiles.sub(0.5f)), training).singletonOrThrow();
    long b = f.getShape().get(0);
    NDArray tokens = f.reshape(b, WIDTH, PATCHES).transpose(0, 2, 1);
    return tokens.add(ps.getValue(encoderPosition, tokens.getDevice(), training));
  }

  /** Encoder block {@code i} on tokens [B, N, D] with key bias [B, N]. */
  public NDArray encoderBlock(ParameterStore ps, int i, NDArray tokens, NDArray keyBias, boolean training) {
    return encoder[i].forward(ps, new NDList(tokens, keyBias), training).singletonOrThrow();
  }

  /** The merged tokens [B, K, D] → channel values [B, K, 2·MAX_SYMBOLS] (not yet truncated or normalised). */
  public NDArray transmit(ParameterStore ps, NDArray tokens, NDArray link, boolean training) {
    return project(ps, normalise(ps, tokens, training), link, training);
  }

  /** The encoder's final layer norm: the token vectors the digital variant quantises. */
  public NDArray normalise(ParameterStore ps, NDArray tokens, boolean training) {
    return encoderNorm.forward(ps, new NDList(tokens), training).singletonOrThrow();
  }

  /** Normalised tokens [B, K, D] → channel values [B, K, 2·MAX_SYMBOLS] (the rest of {@link #transmit}). */
  public NDArray project(ParameterStore ps, NDArray normalised, NDArray link, boolean training) {
    NDArray t = txModulation.forward(ps, new NDList(normalised, link), training).singletonOrThrow();
    return toSymbols.forward(ps, new NDList(t), training).singletonOrThrow();
  }

  /** Received values [B, K, 2·MAX_SYMBOLS] (zeros where nothing was sent) → token features [B, K, D]. */
  public NDArray receive(ParameterStore ps, NDArray received, NDArray link, boolean training) {
    NDArray t = fromSymbols.forward(ps, new NDList(received), training).singletonOrThrow();
    return rxModulation.forward(ps, new NDList(t, link), training).singletonOrThrow();
  }

  /**
   * The receiver end to end: received values [B, K, 2·MAX_SYMBOLS] → token features → each tile's tokens
   * unmerged to its patches by its source map → tiles [B, 3, 256, 256].
   */
  public NDArray reconstruct(ParameterStore ps, NDArray received, NDArray link, List<TokenGroups> groups,
      boolean training) {
    NDArray features = receive(ps, received, link, training);
    int slots = (int) received.getShape().get(1);
    NDArray patchTokens = Tokenizer.unmerge(received.getManager(), groups, slots).matMul(features);
    return synthesise(ps, patchTokens, training);
  }

  /** Unmerged tokens [B, 64, D] (each patch holding its token's features) → tiles [B, 3, 256, 256]. */
  public NDArray synthesise(ParameterStore ps, NDArray patchTokens, boolean training) {
    NDArray t = patchTokens.add(ps.getValue(decoderPosition, patchTokens.getDevice(), training));
    long b = t.getShape().get(0);
    NDArray noBias = t.getManager().zeros(new Shape(b, PATCHES));
    for (TransformerBlock block : decoder) {
      t = block.forward(ps, new NDList(t, noBias), training).singletonOrThrow();
    }
    t = decoderNorm.forward(ps, new NDList(t), training).singletonOrThrow();
    NDArray grid = t.transpose(0, 2, 1).reshape(b, WIDTH, GRID, GRID);
    return synthesis.forward(ps, new NDList(grid), training).singletonOrThrow().add(0.5f);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    throw new UnsupportedOperationException("use the stages (embed, encoderBlock, transmit, receive, synthesise)");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  /** Input shapes: tiles [B, 3, 256, 256] and link vectors [B, 2]. */
  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long b = inputShapes[0].get(0);
    Shape link = inputShapes[1];
    stem.initialize(manager, dataType, inputShapes[0]);
    Shape tokens = new Shape(b, PATCHES, WIDTH);
    Shape bias = new Shape(b, PATCHES);
    for (TransformerBlock block : encoder) {
      block.initialize(manager, dataType, tokens, bias);
    }
    encoderNorm.initialize(manager, dataType, tokens);
    txModulation.initialize(manager, dataType, tokens, link);
    toSymbols.initialize(manager, dataType, tokens);
    Shape symbols = new Shape(b, PATCHES, 2L * MAX_SYMBOLS);
    fromSymbols.initialize(manager, dataType, symbols);
    rxModulation.initialize(manager, dataType, tokens, link);
    for (TransformerBlock block : decoder) {
      block.initialize(manager, dataType, tokens, bias);
    }
    decoderNorm.initialize(manager, dataType, tokens);
    synthesis.initialize(manager, dataType, new Shape(b, WIDTH, GRID, GRID));
  }
}
