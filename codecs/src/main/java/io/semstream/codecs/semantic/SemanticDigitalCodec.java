package io.semstream.codecs.semantic;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.FrameLostException;
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
import io.semstream.codecs.nr.LdpcDecoder;
import io.semstream.codecs.nr.NrBitPipe;
import io.semstream.codecs.nr.TransportBlockCoder;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Semantic tokens sent digitally: the same tokenisation and merging as {@link SemanticCodec}, then each
 * normalised token as residual codebook indices ({@link ResidualCodebook}, 10 bits a stage), the source maps
 * and the indices range-coded into one payload sent over the 5G NR data path ({@link NrBitPipe}: MCS from the
 * link's SNR, LDPC, QAM). As many codebook stages as the payload the CBR carries at that MCS allows; a failed
 * CRC loses the frame (the digital cliff), below the lowest MCS's reach nothing is sent.
 *
 * <p>The receiver rebuilds the tokens from the indices and decodes them as the analog codec's receiver
 * decodes a clean channel: the tokens through the symbol projection at {@link #DECODER_SNR_DB} and full
 * symbols, unit power per tile, then the receiver's network.
 *
 * <p>Side info (charged at the CQI table's efficiency): stages (1 byte), MCS row (1 byte), payload bytes (3).
 */
public final class SemanticDigitalCodec implements Codec {
  public static final String FAMILY = "semantic-tokens-digital";
  /** The link the receiver decodes rebuilt tokens with: the cleanest its network was trained for. */
  static final double DECODER_SNR_DB = 16;
  static final int HEADER_BYTES = 5;

  private final CodecInfo info;
  private final double cbr;
  private final int tokens;
  private final Model model;
  private final SemanticNetwork net;
  private final ParameterStore parameters;
  private final ResidualCodebook codebook;
  private final TransportBlockCoder coder = new TransportBlockCoder(new LdpcDecoder());

  public SemanticDigitalCodec(String id, double cbr) {
    this(id, cbr, SemanticModel.PHOTOS);
  }

  /** With one of the shipped weight sets and its codebook. */
  public SemanticDigitalCodec(String id, double cbr, SemanticModel weights) {
    this(id, cbr, weights.load(), weights.loadCodebook(), info(id, cbr, weights));
  }

  /** Uses the given model (which this codec then owns and closes) and codebook. */
  public SemanticDigitalCodec(String id, double cbr, Model model, ResidualCodebook codebook) {
    this(id, cbr, model, codebook, info(id, cbr));
  }

  private SemanticDigitalCodec(String id, double cbr, Model model, ResidualCodebook codebook, CodecInfo info) {
    if (!(cbr > 0) || cbr > SemanticCodec.MAX_CBR) {
      model.close();
      throw new IllegalArgumentException("the semantic codec takes a CBR in (0, 1/64], not " + cbr);
    }
    if (codebook.dim() != SemanticNetwork.WIDTH) {
      model.close();
      throw new IllegalArgumentException("codebook of " + codebook.dim() + "-value entries for tokens of "
          + SemanticNetwork.WIDTH);
    }
    this.cbr = cbr;
    this.tokens = SemanticCodec.tokensFor(cbr);
    this.info = info;
    this.model = model;
    this.net = (SemanticNetwork) model.getBlock();
    this.parameters = new ParameterStore(model.getNDManager(), false);
    this.codebook = codebook;
  }

  public static CodecInfo info(String id, double cbr) {
    return info(id, cbr, SemanticModel.PHOTOS);
  }

  public static CodecInfo info(String id, double cbr, SemanticModel weights) {
    return new CodecInfo(id, FAMILY, cbr, "Semantic tokens (SemCod) as residual-codebook indices over 5G NR LDPC + "
        + "QAM, " + SemanticCodec.tokensFor(cbr) + " per 256-px tile, CBR 1/" + Math.round(1 / cbr)
        + "; a failed CRC loses the frame; trained on " + weights.trainedOn());
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
    double snr = link.snrDb();
    long uses = (long) Math.floor(cbr * image.sourceDimension());
    long headerUses = CqiTable.channelUsesForBits(8L * HEADER_BYTES, snr);
    NrBitPipe.Plan plan = NrBitPipe.Plan.of(Math.max(0, uses - headerUses), snr);
    float[] vectors;
    List<int[]> maps = new ArrayList<>();
    try (NDManager scope = NativeEngine.scope(model)) {
      int[] counts = new int[t];
      Arrays.fill(counts, tokens);
      Tokenizer.Tokens tok = Tokenizer.tokenise(net, parameters, tiles.tensor(scope), counts, false);
      for (TokenGroups g : tok.groups()) {
        maps.add(g.sourceMap());
      }
      vectors = NonFiniteOutputException.requireFinite(net.normalise(parameters, tok.tokens(), false).toFloatArray(),
          "the semantic encoder");
    }
    int n = t * tokens;
    byte[] payload = null;
    int stages = codebook.stages();
    for (; stages >= 1; stages--) {
      byte[] p = payload(maps, codebook.encode(vectors, n, stages), stages);
      if (8L * p.length <= plan.maxPayloadBits()) {
        payload = p;
        break;
      }
    }
    if (payload == null) {
      // Not even one stage fits: only the header travels, and the receiver reports the frame as not sent.
      return TxPackets.of(frame, info.id(), link, new float[0], ByteBuffer.wrap(header(0, plan.mcsIndex(), 0)),
          8L * HEADER_BYTES, headerUses);
    }
    float[] iq = NrBitPipe.transmit(payload, plan);
    return TxPackets.of(frame, info.id(), link, iq, ByteBuffer.wrap(header(stages, plan.mcsIndex(), payload.length)),
        8L * HEADER_BYTES, headerUses + plan.dataSymbols());
  }

  private byte[] payload(List<int[]> maps, int[] indices, int stages) {
    RangeEncoder out = new RangeEncoder(indices.length * 2 + 64);
    for (int[] map : maps) {
      SourceMap.encode(out, map, SemanticNetwork.GRID, SemanticNetwork.GRID, tokens);
    }
    for (int index : indices) {
      out.encodeBits(index, ResidualCodebook.BITS);
    }
    return out.finish();
  }

  private static byte[] header(int stages, int mcs, int payloadBytes) {
    return new byte[] {(byte) stages, (byte) mcs, (byte) (payloadBytes >>> 16), (byte) (payloadBytes >>> 8),
        (byte) payloadBytes};
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    int width = packet.getWidth(), height = packet.getHeight();
    FrameSizeCheck.requirePlausible(width, height);
    ByteBuffer side = packet.getSideInfo().duplicate();
    if (side.remaining() != HEADER_BYTES) {
      throw new CodecException("side info of " + side.remaining() + " bytes; " + info.id() + " sends " + HEADER_BYTES);
    }
    int stages = side.get() & 0xFF, mcs = side.get() & 0xFF;
    int payloadBytes = ((side.get() & 0xFF) << 16) | ((side.get() & 0xFF) << 8) | (side.get() & 0xFF);
    if (payloadBytes == 0) {
      throw new FrameLostException(FrameLostException.Reason.DOES_NOT_FIT, "frame " + packet.getSeq()
          + " was not sent: not one codebook stage of its tokens fits the bits the CBR carries at this SNR");
    }
    if (stages < 1 || stages > codebook.stages()) {
      throw new CodecException("header names " + stages + " codebook stages; the codebook has " + codebook.stages());
    }
    float[] iq, gains = null;
    try {
      iq = Symbols.fromBytes(packet.getSymbols());
      if (packet.getCsiKnown() && packet.getFadingGains() != null) {
        gains = Symbols.fromBytes(packet.getFadingGains());
      }
    } catch (IllegalArgumentException e) {
      throw new CodecException(e.getMessage(), e);
    }
    NrBitPipe.Plan plan = NrBitPipe.Plan.forMcsIndex(mcs, iq.length / 2);
    byte[] payload = NrBitPipe.receive(coder, iq, gains, packet.getSnrDb(), plan, payloadBytes,
        "frame " + packet.getSeq());
    Tiles tiles = Tiles.shape(width, height);
    int t = tiles.count(), n = t * tokens;
    List<TokenGroups> groups = new ArrayList<>();
    int[] indices = new int[n * stages];
    try {
      RangeDecoder in = new RangeDecoder(payload);
      for (int i = 0; i < t; i++) {
        groups.add(TokenGroups.fromMap(SemanticNetwork.GRID, SemanticNetwork.GRID,
            SourceMap.decode(in, SemanticNetwork.GRID, SemanticNetwork.GRID, tokens)));
      }
      for (int i = 0; i < indices.length; i++) {
        indices[i] = in.decodeBits(ResidualCodebook.BITS);
      }
    } catch (EntropyCodingException | IllegalArgumentException e) {
      throw new CodecException("payload of " + payload.length + " bytes is not " + t + " tiles of " + tokens
          + " tokens at " + stages + " stages: " + e.getMessage(), e);
    }
    float[] vectors = codebook.decode(indices, n, stages);
    try (NDManager scope = NativeEngine.scope(model)) {
      NDArray v = scope.create(vectors, new Shape(t, tokens, SemanticNetwork.WIDTH));
      NDArray l = scope.create(Link.of(DECODER_SNR_DB, SemanticNetwork.MAX_SYMBOLS), new Shape(1, 2)).repeat(0, t);
      NDArray z = net.project(parameters, v, l, false);
      NDArray power = z.square().sum(new int[] {1, 2}).div((float) (tokens * SemanticNetwork.MAX_SYMBOLS)).add(1e-9f);
      NDArray received = z.div(power.sqrt().reshape(t, 1, 1));
      float[] y = NonFiniteOutputException.requireFinite(
          net.reconstruct(parameters, received, l, groups, false).toFloatArray(), "the semantic decoder");
      return tiles.assemble(y);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
