package io.semstream.fuzz;

import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.Frame;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.AvroSerde;
import io.semstream.schemas.serde.SemSerdes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Record values built from fuzzer bytes. The first byte says how: the rest of the bytes as they are (any
 * payload at all), a well-formed record whose every field the fuzzer chose, or such a record with its encoding
 * cut short or one byte changed. Field values lean towards the edges (zero, negative, huge, NaN) and towards
 * what the pipeline expects (the stream ids, codec ids and sizes it knows), so both the checks and the code past
 * them are reached.
 */
final class FuzzedRecords {
  static final String[] CODECS = {"softcast-c16", "softcast-c48", "linear-c16", "classical-jpeg-ldpc", "deepjscc-c16",
      "nope", ""};

  private static final AvroSerde<Frame> FRAMES = SemSerdes.frame();
  private static final AvroSerde<TxPacket> TX_PACKETS = SemSerdes.txPacket();
  private static final AvroSerde<RxPacket> RX_PACKETS = SemSerdes.rxPacket();
  private static final AvroSerde<ModelDelta> DELTAS = SemSerdes.modelDelta();
  private static final AvroSerde<TelemetryWindow> WINDOWS = SemSerdes.telemetry();

  private FuzzedRecords() {}

  static byte[] frame(FuzzInput in) {
    return shaped(in, () -> {
      int w = dimension(in);
      int h = dimension(in);
      PixelFormat format = in.pick(PixelFormat.values());
      byte[] payload;
      switch (in.nextInt(0, 3)) {
        case 0 -> payload = in.nextBytes(64 * 1024);
        case 1 -> payload = new byte[Math.max(0, Math.min(w * h * 3, 3 * 256 * 256))];
        case 2 -> payload = ImageFiles.encodePng(picture(in));
        default -> payload = mutate(in, ImageFiles.encodePng(picture(in)));
      }
      return FRAMES.toBytes(Frame.newBuilder().setStreamId(streamId(in)).setSeq(seq(in))
          .setCaptureTimestamp(in.nextLong()).setWidth(w).setHeight(h).setPixelFormat(format)
          .setPayload(ByteBuffer.wrap(payload)).build());
    });
  }

  static byte[] txPacket(FuzzInput in) {
    return shaped(in, () -> TX_PACKETS.toBytes(TxPacket.newBuilder().setStreamId(streamId(in))
        .setSeq(seq(in)).setCaptureTimestamp(in.nextLong()).setCodecId(in.pick(CODECS)).setModelVersion(in.nextInt(-1, 3))
        .setWidth(dimension(in)).setHeight(dimension(in)).setSnrDb(snr(in)).setSymbols(symbols(in))
        .setSideInfo(ByteBuffer.wrap(in.nextBytes(4096))).setSideInfoBits(in.nextLong())
        .setChannelUses(in.nextInt(-1, 1 << 20)).setSourceDimension(in.nextLong()).setPower(in.nextFloat())
        .setTxTimestamp(in.nextLong()).setChannelNames(names(in)).setSampleRateHz(in.nextDouble())
        .setStreamProfile(in.nextBoolean() ? null : ByteBuffer.wrap(in.nextBytes(256))).build()));
  }

  static byte[] rxPacket(FuzzInput in) {
    return shaped(in, () -> RX_PACKETS.toBytes(RxPacket.newBuilder().setStreamId(streamId(in))
        .setSeq(seq(in)).setCaptureTimestamp(in.nextLong()).setCodecId(in.pick(CODECS)).setModelVersion(in.nextInt(-1, 3))
        .setWidth(dimension(in)).setHeight(dimension(in)).setSnrDb(snr(in)).setSymbols(symbols(in))
        .setSideInfo(ByteBuffer.wrap(in.nextBytes(4096))).setSideInfoBits(in.nextLong())
        .setChannelUses(in.nextInt(-1, 1 << 20)).setSourceDimension(in.nextLong()).setPower(in.nextFloat())
        .setTxTimestamp(in.nextLong()).setRealisedSnrDb(snr(in)).setFading(in.pick(FadingModel.values()))
        .setCsiKnown(in.nextBoolean()).setFadingGains(in.nextBoolean() ? null : symbols(in))
        .setChannelTimestamp(in.nextLong()).setChannelNames(names(in)).setSampleRateHz(in.nextDouble())
        .setStreamProfile(in.nextBoolean() ? null : ByteBuffer.wrap(in.nextBytes(256))).build()));
  }

  static byte[] modelDelta(FuzzInput in) {
    return shaped(in, () -> DELTAS.toBytes(ModelDelta.newBuilder().setStreamId(streamId(in))
        .setCodecId(in.pick(CODECS)).setBaseVersion(in.nextInt(-2, 4)).setNewVersion(in.nextInt(-2, 5))
        .setFirstSeq(seq(in)).setStep(in.nextFloat()).setPayload(ByteBuffer.wrap(in.nextBytes(64 * 1024)))
        .setBits(in.nextLong()).setChannelUses(in.nextLong()).setFull(in.nextBoolean()).build()));
  }

  static byte[] telemetry(FuzzInput in) {
    return shaped(in, () -> {
      List<String> names = new ArrayList<>();
      int channels = in.nextInt(0, 9);
      for (int c = 0; c < channels; c++) {
        names.add(in.nextBoolean() ? "c" + c : in.nextString(16));
      }
      List<Float> samples = new ArrayList<>();
      int n = in.nextInt(0, 2048);
      for (int i = 0; i < n && !in.exhausted(); i++) {
        samples.add(in.nextInt(0, 15) == 0 ? in.nextFloat() : (float) (in.nextInt(-1000, 1000) / 10.0));
      }
      return WINDOWS.toBytes(TelemetryWindow.newBuilder().setStreamId(streamId(in)).setSeq(seq(in))
          .setStartTimestamp(in.nextLong()).setSampleRateHz(in.nextBoolean() ? 100.0 : in.nextDouble())
          .setChannelNames(names).setSamples(samples).build());
    });
  }

  /** A key: mostly the stream ids the records use, sometimes another or none. */
  static String key(FuzzInput in) {
    return switch (in.nextInt(0, 3)) {
      case 0 -> null;
      case 1 -> in.nextString(64);
      default -> in.pick("cam", "cam2", "sensor");
    };
  }

  private interface Encoder {
    byte[] encode();
  }

  private static byte[] shaped(FuzzInput in, Encoder encoder) {
    int how = in.nextInt(0, 7);
    if (how == 0) {
      return in.rest();
    }
    byte[] encoded = encoder.encode();
    if (how == 1) {
      return java.util.Arrays.copyOf(encoded, in.nextInt(0, encoded.length));
    }
    if (how == 2) {
      return mutate(in, encoded);
    }
    return encoded;
  }

  private static byte[] mutate(FuzzInput in, byte[] bytes) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] out = bytes.clone();
    int changes = in.nextInt(1, 4);
    for (int i = 0; i < changes; i++) {
      out[in.nextInt(0, out.length - 1)] = (byte) in.nextByte();
    }
    return out;
  }

  private static String streamId(FuzzInput in) {
    return switch (in.nextInt(0, 7)) {
      case 0 -> "";
      case 1 -> in.nextString(300);
      default -> in.pick("cam", "cam2", "sensor");
    };
  }

  private static long seq(FuzzInput in) {
    return switch (in.nextInt(0, 3)) {
      case 0 -> in.nextLong();
      default -> in.nextInt(-1, 40);
    };
  }

  private static int dimension(FuzzInput in) {
    return switch (in.nextInt(0, 5)) {
      case 0 -> in.nextInt();
      case 1 -> in.pick(0, -1, 1, 16, 17, 65536, Integer.MAX_VALUE);
      default -> in.nextInt(1, 96);
    };
  }

  private static double snr(FuzzInput in) {
    return in.nextInt(0, 7) == 0 ? in.nextDouble() : in.nextInt(-10, 30);
  }

  private static ByteBuffer symbols(FuzzInput in) {
    int n = in.nextInt(0, 8192);
    ByteBuffer b = ByteBuffer.allocate(n * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n && !in.exhausted(); i++) {
      b.putFloat(in.nextInt(0, 31) == 0 ? in.nextFloat() : (float) (in.nextInt(-300, 300) / 100.0));
    }
    b.flip();
    byte[] raw = new byte[b.remaining()];
    b.get(raw);
    // sometimes a length that is not a whole number of floats
    return ByteBuffer.wrap(in.nextInt(0, 15) == 0 ? java.util.Arrays.copyOf(raw, Math.max(0, raw.length - 1)) : raw);
  }

  private static List<String> names(FuzzInput in) {
    if (in.nextBoolean()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    int n = in.nextInt(0, 4);
    for (int i = 0; i < n; i++) {
      names.add(in.nextString(8));
    }
    return names;
  }

  private static RgbImage picture(FuzzInput in) {
    int w = in.nextInt(1, 48);
    int h = in.nextInt(1, 48);
    byte[] rgb = new byte[w * h * 3];
    int seed = in.nextInt();
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (seed + i * 7);
    }
    return new RgbImage(w, h, rgb);
  }
}
