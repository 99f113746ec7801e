package io.semstream.topology;

import io.semstream.codecs.api.AdaptiveDecoder;
import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.CodecInfo;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.delta.ModelDeltaCodec;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.nr.CqiTable;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TxPacket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A real, tiny analog codec for the topology tests: each 4×4 block's mean per colour becomes one
 * real value of a complex symbol (CBR 1/32), power-normalised; the normalisation gain travels as 32
 * bits of side info. The decoder scales back and repeats each mean over its block. Fast and
 * deterministic, so the driver tests exercise the pipeline, not a neural network.
 *
 * <p>Its adaptable decoder is one offset per colour, in 8-bit levels (0 at version 0), so model deltas
 * and checkpoints reach it as they reach a neural decoder.
 */
final class BlockAverageCodec implements AdaptiveDecoder {
  static final String ID = "test-block4";
  static final CodecInfo INFO = new CodecInfo(ID, "test", 1.0 / 32, "4x4 block means as analog symbols");
  private static final int B = 4;

  static CodecRegistry registry() {
    return new CodecRegistry().register(INFO, BlockAverageCodec::new);
  }

  @Override
  public CodecInfo info() {
    return INFO;
  }

  @Override
  public TxPacket encode(SourceFrame frame, LinkConditions link) {
    RgbImage img = frame.image();
    checkSize(img.width(), img.height());
    int bw = img.width() / B;
    int bh = img.height() / B;
    float[] iq = new float[2 * complexSymbols(img.width(), img.height())];
    int i = 0;
    for (int by = 0; by < bh; by++) {
      for (int bx = 0; bx < bw; bx++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          for (int y = 0; y < B; y++) {
            for (int x = 0; x < B; x++) {
              sum += img.get(bx * B + x, by * B + y, c);
            }
          }
          iq[i++] = (float) (sum / (B * B * 127.5) - 1.0);
        }
      }
    }
    double power = Symbols.normalise(iq);
    float gain = (float) Math.sqrt(power);
    long sideBits = 32;
    return TxPacket.newBuilder()
        .setStreamId(frame.streamId())
        .setSeq(frame.seq())
        .setCaptureTimestamp(frame.captureTimestamp())
        .setCodecId(ID)
        .setModelVersion(0)
        .setWidth(img.width())
        .setHeight(img.height())
        .setSnrDb(link.snrDb())
        .setSymbols(Symbols.toBytes(iq))
        .setSideInfo(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, gain))
        .setSideInfoBits(sideBits)
        .setChannelUses(iq.length / 2 + CqiTable.channelUsesForBits(sideBits, link.snrDb()))
        .setSourceDimension(img.sourceDimension())
        .setPower((float) Symbols.meanPower(iq))
        .setTxTimestamp(0)
        .build();
  }

  @Override
  public float[] baseParameters() {
    return new float[3];
  }

  @Override
  public float[] applyDelta(byte[] payload, float[] offsets) {
    return ModelDeltaCodec.decode(payload, offsets).applied();
  }

  @Override
  public RgbImage decode(RxPacket packet) {
    return decode(packet, baseParameters());
  }

  @Override
  public RgbImage decode(RxPacket packet, float[] offsets) {
    if (offsets.length != 3) {
      throw new CodecException("expected 3 colour offsets, got " + offsets.length);
    }
    int w = packet.getWidth();
    int h = packet.getHeight();
    checkSize(w, h);
    float[] iq = Symbols.fromBytes(packet.getSymbols());
    int expected = complexSymbols(w, h);
    if (iq.length / 2 != expected) {
      throw new CodecException("expected " + expected + " complex symbols for " + w + "x" + h + ", got " + iq.length / 2);
    }
    if (packet.getSideInfo().remaining() != 4) {
      throw new CodecException("expected 4 bytes of side info, got " + packet.getSideInfo().remaining());
    }
    float gain = packet.getSideInfo().duplicate().order(ByteOrder.LITTLE_ENDIAN).getFloat(0);
    byte[] rgb = new byte[w * h * 3];
    int bw = w / B;
    int i = 0;
    for (int by = 0; by < h / B; by++) {
      for (int bx = 0; bx < bw; bx++) {
        for (int c = 0; c < 3; c++) {
          long v = Math.round((iq[i++] * gain + 1.0) * 127.5 + offsets[c]);
          byte p = (byte) Math.max(0, Math.min(255, v));
          for (int y = 0; y < B; y++) {
            for (int x = 0; x < B; x++) {
              rgb[((by * B + y) * w + bx * B + x) * 3 + c] = p;
            }
          }
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  static int complexSymbols(int w, int h) {
    int reals = (w / B) * (h / B) * 3;
    return (reals + 1) / 2;
  }

  private static void checkSize(int w, int h) {
    if (w % B != 0 || h % B != 0) {
      throw new CodecException(ID + " needs a size divisible by " + B + ", got " + w + "x" + h);
    }
  }

  @Override
  public void close() {}
}
