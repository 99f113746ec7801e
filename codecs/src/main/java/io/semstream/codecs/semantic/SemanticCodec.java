package io.semstream.codecs.semantic;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.FrameSizeCheck;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.NonFiniteOutputException;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.api.TxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.engine.NativeEngine;
import io.semstream.codecs.entropy.EntropyCodingException;
import io.semstream.codecs.entropy.RangeDecoder;
import io.semstream.codecs.entropy.RangeEncoder;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Semantic tokens sent analog (SemCod's workflow, DESIGN §5): each 256×256 tile of the frame (mirror-padded)
 * becomes K tokens by tokenisation and bipartite merging, each token is projected to S complex symbols
 * (SNR-adaptive, unit mean power over the frame), and the source maps travel as range-coded side info,
 * charged at the CQI table's efficiency for the SNR.
 *
 * <p>K follows the CBR (10 at 1/384, 20 at 1/192, 30 at 1/96 and above, log-linear between); S is what the
 * CBR leaves per token after the side info, at most {@link SemanticNetwork#MAX_SYMBOLS}, so above about 1/66
 * the codec sends less than its target. The CBR is counted against the unpadded frame, so the padding's
 * symbols are paid for.
 *
 * <p>Side info: S in 8 raw bits, then each tile's source map ({@link SourceMap}) in raster order of tiles.
 */
public final class SemanticCodec implements Codec {
  public static final String FAMILY = "semantic-tokens";
  /** The largest CBR the family takes an id for; above ~1/66 the measured CBR stays below it. */
  public static final double MAX_CBR = 1.0 / 64;

  private final CodecInfo info;
  private final double cbr;
  private final int tokens;
  private final Model model;
  private final SemanticNetwork net;
  private final ParameterStore parameters;

  public SemanticCodec(String id, double cbr) {
    this(id, cbr, SemanticModel.PHOTOS);
  }

  /** With one of the shipped weight sets. */
  public SemanticCodec(String id, double cbr, SemanticModel weights) {
    this(id, cbr, weights.load(), info(id, cbr, weights));
  }

  /** Uses the given model (which this codec then owns and closes); its block is a {@link SemanticNetwork}. */
  public SemanticCodec(String id, double cbr, Model model) {
    this(id, cbr, model, info(id, cbr));
  }

  private SemanticCodec(String id, double cbr, Model model, CodecInfo info) {
    if (!(cbr > 0) || cbr > MAX_CBR) {
      model.close();
      throw new IllegalArgumentException("the semantic codec takes a CBR in (0, 1/64], not " + cbr);
    }
    this.cbr = cbr;
    this.tokens = tokensFor(cbr);
    this.info = info;
    this.model = model;
    this.net = (SemanticNetwork) model.getBlock();
    this.parameters = new ParameterStore(model.getNDManager(), false);
  }

  public static CodecInfo info(String id, double cbr) {
    return info(id, cbr, SemanticModel.PHOTOS);
  }

  public static CodecInfo info(String id, double cbr, SemanticModel weights) {
    return new CodecInfo(id, FAMILY, cbr, "Semantic tokens (SemCod): ViT tokens merged to " + tokensFor(cbr)
        + " per 256-px tile, sent analog, source map as side info, CBR 1/" + Math.round(1 / cbr) + "; trained on "
        + weights.trainedOn());
  }

  /** Tokens per tile at a CBR: 10 at 1/384, 30 at 1/96, log-linear between, clamped to [10, 30]. */
  public static int tokensFor(double cbr) {
    double t = Math.log(cbr * 384) / Math.log(4);
    int k = (int) Math.round(SemanticNetwork.MIN_TOKENS + t * (SemanticNetwork.MAX_TOKENS - SemanticNetwork.MIN_TOKENS));
    return Math.max(SemanticNetwork.MIN_TOKENS, Math.min(SemanticNetwork.MAX_TOKENS, k));
  }

  public int tokensPerTile() {
    return tokens;
  }

  @Override
  public CodecInfo info() {
    return info;
  }

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    RgbImage image = frame.image();
    Tiles tiles = Tiles.of(image);
    int t = tiles.count();
    long budget = (long) Math.floor(cbr * image.sourceDimension());
    double snr = link.snrDb();
    try (NDManager scope = NativeEngine.scope(model)) {
      int[] counts = new int[t];
      Arrays.fill(counts, tokens);
      Tokenizer.Tokens tok = Tokenizer.tokenise(net, parameters, tiles.tensor(scope), counts, false);
      List<int[]> maps = new ArrayList<>();
      for (TokenGroups g : tok.groups()) {
        maps.add(g.sourceMap());
      }
      byte[] side = sideInfo(SemanticNetwork.MAX_SYMBOLS, maps);
      int symbols = (int) Math.min(SemanticNetwork.MAX_SYMBOLS,
          Math.max(0, (budget - sideUses(side, snr)) / ((long) t * tokens)));
      side = sideInfo(Math.max(symbols, 1), maps);
      // The finished stream's length can move by a byte with the value it ends on.
      while (symbols > 0 && (long) t * tokens * symbols + sideUses(side, snr) > budget) {
        symbols--;
        side = sideInfo(symbols, maps);
      }
      if (symbols < 1) {
        throw new CodecException("CBR 1/" + Math.round(1 / cbr) + " leaves no symbols for " + image.width() + "x"
            + image.height() + " at " + snr + " dB after the source maps (" + side.length * 8 + " bits)");
      }
      NDArray l = scope.create(Link.of(snr, symbols), new Shape(1, 2)).repeat(0, t);
      float[] z = NonFiniteOutputException.requireFinite(
          net.transmit(parameters, tok.tokens(), l, false).toFloatArray(), "the semantic encoder");
      int slots = tok.maxCount(), width = 2 * SemanticNetwork.MAX_SYMBOLS;
      float[] iq = new float[t * tokens * symbols * 2];
      int o = 0;
      for (int i = 0; i < t; i++) {
        for (int k = 0; k < tokens; k++) {
          System.arraycopy(z, (i * slots + k) * width, iq, o, 2 * symbols);
          o += 2 * symbols;
        }
      }
      double power = Symbols.normalise(iq);
      if (!(power > 0)) {
        throw new CodecException("encoder produced no signal energy for " + frame.streamId() + "#" + frame.seq());
      }
      long uses = iq.length / 2 + sideUses(side, snr);
      return TxPackets.of(frame, info.id(), link, iq, ByteBuffer.wrap(side), 8L * side.length, uses);
    }
  }

  private static long sideUses(byte[] side, double snrDb) {
    return CqiTable.channelUsesForBits(8L * side.length, snrDb);
  }

  private byte[] sideInfo(int symbols, List<int[]> maps) {
    RangeEncoder out = new RangeEncoder(64 * maps.size());
    out.encodeBits(symbols, 8);
    for (int[] map : maps) {
      SourceMap.encode(out, map, SemanticNetwork.GRID, SemanticNetwork.GRID, tokens);
    }
    return out.finish();
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    int width = packet.getWidth(), height = packet.getHeight();
    FrameSizeCheck.requirePlausible(width, height);
    Tiles tiles = Tiles.shape(width, height);
    int t = tiles.count();
    byte[] side = new byte[packet.getSideInfo().remaining()];
    packet.getSideInfo().duplicate().get(side);
    int symbols;
    List<TokenGroups> groups = new ArrayList<>();
    try {
      RangeDecoder in = new RangeDecoder(side);
      symbols = in.decodeBits(8);
      for (int i = 0; i < t; i++) {
        int[] map = SourceMap.decode(in, SemanticNetwork.GRID, SemanticNetwork.GRID, tokens);
        groups.add(TokenGroups.fromMap(SemanticNetwork.GRID, SemanticNetwork.GRID, map));
      }
    } catch (EntropyCodingException | IllegalArgumentException e) {
      throw new CodecException("side info of " + side.length + " bytes is not " + t + " source maps of "
          + tokens + " tokens: " + e.getMessage(), e);
    }
    if (symbols < 1 || symbols > SemanticNetwork.MAX_SYMBOLS) {
      throw new CodecException("side info names " + symbols + " symbols per token; the codec sends 1 to "
          + SemanticNetwork.MAX_SYMBOLS);
    }
    float[] iq;
    try {
      iq = Symbols.fromBytes(packet.getSymbols());
    } catch (IllegalArgumentException e) {
      throw new CodecException(e.getMessage(), e);
    }
    long expected = (long) t * tokens * symbols;
    if (iq.length / 2 != expected) {
      throw new CodecException("packet has " + iq.length / 2 + " symbols; " + info.id() + " sends " + expected
          + " for " + width + "x" + height + " at " + symbols + " a token");
    }
    int width2 = 2 * SemanticNetwork.MAX_SYMBOLS;
    float[] received = new float[t * tokens * width2];
    for (int i = 0, o = 0; i < t * tokens; i++) {
      System.arraycopy(iq, o, received, i * width2, 2 * symbols);
      o += 2 * symbols;
    }
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray r = scope.create(received, new Shape(t, tokens, width2));
      NDArray l = scope.create(Link.of(packet.getSnrDb(), symbols), new Shape(1, 2)).repeat(0, t);
      float[] y = NonFiniteOutputException.requireFinite(
          net.reconstruct(parameters, r, l, groups, false).toFloatArray(), "the semantic decoder");
      return tiles.assemble(y);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
