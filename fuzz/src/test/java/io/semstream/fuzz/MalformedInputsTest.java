package io.semstream.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.Codec;
import io.semstream.codecs.api.LinkConditions;
import io.semstream.codecs.api.SourceFrame;
import io.semstream.codecs.channel.ChannelConfig;
import io.semstream.codecs.channel.ChannelSimulator;
import io.semstream.codecs.channel.RxPackets;
import io.semstream.codecs.channel.Symbols;
import io.semstream.codecs.image.ImageFiles;
import io.semstream.codecs.image.RgbImage;
import io.semstream.codecs.registry.CodecRegistry;
import io.semstream.codecs.telemetry.TelemetryCsv;
import io.semstream.io.FrameSourceException;
import io.semstream.io.Y4mSource;
import io.semstream.schemas.Frame;
import io.semstream.schemas.ModelDelta;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.RxPacket;
import io.semstream.schemas.TelemetryWindow;
import io.semstream.schemas.TxPacket;
import io.semstream.schemas.serde.SemSerdes;
import io.semstream.topology.Role;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The named kinds of malformed input of the README's table, each fed to the role that reads it: each ends in a
 * dead letter with its reason (or, for a file, a clear error), and a well-formed record sent after it still
 * comes out ({@link RoleUnderFuzz}), so nothing else is lost.
 */
class MalformedInputsTest {
  private static final RoleUnderFuzz TX = new RoleUnderFuzz(Role.TX);
  private static final RoleUnderFuzz CHANNEL = new RoleUnderFuzz(Role.CHANNEL);
  private static final RoleUnderFuzz RX = new RoleUnderFuzz(Role.RX);
  private static final RgbImage PICTURE = picture(48, 32);

  private static void refused(RoleUnderFuzz role, String topic, String key, byte[] value, String because) {
    String reason = role.refusal(topic, key, value);
    assertNotNull(reason, "no dead letter for a record that should have been refused (" + because + ")");
    assertTrue(reason.toLowerCase().contains(because.toLowerCase()), "reason '" + reason + "' does not say " + because);
  }

  private static byte[] frame(String id, long seq, int w, int h, PixelFormat f, byte[] payload) {
    return SemSerdes.frame().toBytes(Frame.newBuilder().setStreamId(id).setSeq(seq).setCaptureTimestamp(1)
        .setWidth(w).setHeight(h).setPixelFormat(f).setPayload(ByteBuffer.wrap(payload)).build());
  }

  private static byte[] goodFrame(String id, long seq) {
    return frame(id, seq, PICTURE.width(), PICTURE.height(), PixelFormat.RAW_RGB8, PICTURE.rgb());
  }

  // --- records in general (read by every role; shown on the transmitter's frames) ---

  @Test
  void truncatedAvro() {
    byte[] good = goodFrame("cam", 1);
    refused(TX, TX.topics().frames(), "cam", Arrays.copyOf(good, good.length / 2), "cannot decode Frame");
  }

  @Test
  void notAvroAtAll() {
    refused(TX, TX.topics().frames(), "cam", "hello, world".getBytes(StandardCharsets.UTF_8), "not an Avro");
  }

  @Test
  void aWrongSchemaFingerprint() {
    byte[] bad = goodFrame("cam", 1);
    bad[4] ^= 0x55;
    refused(TX, TX.topics().frames(), "cam", bad, "cannot decode Frame");
  }

  @Test
  void aRecordOfAnotherTypeOnTheTopic() {
    refused(TX, TX.topics().frames(), "cam", RoleUnderFuzzSupport.txPacket("cam", 1), "cannot decode Frame");
  }

  @Test
  void aKeyThatDiffersFromTheStreamId() {
    refused(TX, TX.topics().frames(), "other", goodFrame("cam", 1), "differs from the record's stream id");
  }

  @Test
  void noKey() {
    refused(TX, TX.topics().frames(), null, goodFrame("cam", 1), "has no key");
  }

  @Test
  void aTombstoneWhereAFrameIsExpected() {
    refused(TX, TX.topics().frames(), "cam", null, "tombstone");
  }

  @Test
  void aStreamIdOfTenMegabytesOrOfOne() {
    String ten = "x".repeat(10 * 1024 * 1024);
    refused(TX, TX.topics().frames(), ten, goodFrame(ten, 1), "over the pipeline's limit");
    String one = "y".repeat(1024 * 1024);
    refused(TX, TX.topics().frames(), one, goodFrame(one, 1), "at most 256");
  }

  // --- frames ---

  @Test
  void dimensionsWhoseProductOverflows() {
    refused(TX, TX.topics().frames(), "cam", frame("cam", 1, 65536, 65536, PixelFormat.RAW_RGB8, new byte[12]),
        "too large");
  }

  @Test
  void negativeDimensions() {
    refused(TX, TX.topics().frames(), "cam", frame("cam", 1, -48, 32, PixelFormat.RAW_RGB8, PICTURE.rgb()), "positive");
  }

  @Test
  void aRawPayloadOfTheWrongLength() {
    refused(TX, TX.topics().frames(), "cam", frame("cam", 1, 48, 32, PixelFormat.RAW_RGB8, new byte[100]),
        "does not match");
  }

  @Test
  void aPngDecompressionBomb() {
    byte[] bomb = RoleUnderFuzzSupport.pngHeaderOnly(40000, 40000);
    refused(TX, TX.topics().frames(), "cam", frame("cam", 1, 40000, 40000, PixelFormat.PNG, bomb), "too large");
    // and one within the frame limit that claims more pixels than its frame
    byte[] liar = RoleUnderFuzzSupport.pngHeaderOnly(4000, 4000);
    refused(TX, TX.topics().frames(), "cam", frame("cam", 1, 48, 32, PixelFormat.PNG, liar), "too large");
  }

  @Test
  void aPngThatClaimsAnotherSizeThanTheFrame() {
    refused(TX, TX.topics().frames(), "cam", frame("cam", 1, 64, 64, PixelFormat.PNG, ImageFiles.encodePng(PICTURE)),
        "but the frame says");
  }

  @Test
  void aJpegThatDoesNotDecode() {
    byte[] junk = new byte[200];
    junk[0] = (byte) 0xFF;
    junk[1] = (byte) 0xD8;
    junk[2] = (byte) 0xFF;
    refused(TX, TX.topics().frames(), "cam", frame("cam", 1, 48, 32, PixelFormat.JPEG, junk), "does not decode");
  }

  @Test
  void aNegativeSeq() {
    refused(TX, TX.topics().frames(), "cam", goodFrame("cam", -5), "seq must be");
  }

  @Test
  void anOversizeFrame() {
    RgbImage big = picture(2048, 1536);
    refused(TX, TX.topics().frames(), "huge",
        frame("huge", 1, big.width(), big.height(), PixelFormat.RAW_RGB8, big.rgb()), "over the pipeline's limit");
  }

  // --- telemetry ---

  private static byte[] window(String id, long seq, long start, List<String> names, List<Float> samples) {
    return SemSerdes.telemetry().toBytes(TelemetryWindow.newBuilder().setStreamId(id).setSeq(seq)
        .setStartTimestamp(start).setSampleRateHz(100).setChannelNames(names).setSamples(samples).build());
  }

  private static List<Float> samples(int n, float poison) {
    List<Float> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.add(i == n / 2 ? poison : (float) Math.sin(i / 7.0));
    }
    return s;
  }

  @Test
  void aNanSample() {
    refused(TX, TX.topics().telemetry(), "s1", window("s1", 0, 1000, List.of("a", "b"), samples(64, Float.NaN)), "NaN");
  }

  @Test
  void anInfiniteSample() {
    refused(TX, TX.topics().telemetry(), "s2", window("s2", 0, 1000, List.of("a", "b"),
        samples(64, Float.POSITIVE_INFINITY)), "Infinity");
  }

  @Test
  void anEmptyWindow() {
    refused(TX, TX.topics().telemetry(), "s3", window("s3", 0, 1000, List.of("a"), List.of()), "empty");
  }

  @Test
  void aChannelCountThatChangesWithinAStream() {
    TX.feed(TX.topics().telemetry(), "s4", window("s4", 0, 1000, List.of("a", "b"), samples(64, 0f)));
    refused(TX, TX.topics().telemetry(), "s4", window("s4", 1, 2000, List.of("a", "b", "c"), samples(96, 0f)),
        "channels");
  }

  @Test
  void timeGoingBackwards() {
    TX.feed(TX.topics().telemetry(), "s5", window("s5", 0, 5000, List.of("a"), samples(32, 0f)));
    refused(TX, TX.topics().telemetry(), "s5", window("s5", 1, 4000, List.of("a"), samples(32, 0f)), "backwards");
  }

  // --- packets (channel and receiver) ---

  @Test
  void nanSymbols() {
    TxPacket tx = RoleUnderFuzzSupport.packet("p1", 1);
    float[] iq = Symbols.fromBytes(tx.getSymbols());
    iq[3] = Float.NaN;
    tx.setSymbols(Symbols.toBytes(iq));
    refused(CHANNEL, CHANNEL.topics().txSymbols(), "p1", SemSerdes.txPacket().toBytes(tx), "finite");
  }

  @Test
  void symbolBytesThatAreNotWholeFloats() {
    TxPacket tx = RoleUnderFuzzSupport.packet("p2", 1);
    ByteBuffer b = tx.getSymbols();
    byte[] raw = new byte[b.remaining() - 1];
    b.duplicate().get(raw);
    tx.setSymbols(ByteBuffer.wrap(raw));
    refused(CHANNEL, CHANNEL.topics().txSymbols(), "p2", SemSerdes.txPacket().toBytes(tx), "whole number");
  }

  @Test
  void symbolCountsThatDisagreeWithTheHeader() {
    RxPacket rx = RoleUnderFuzzSupport.received("p3", 1);
    rx.setWidth(rx.getWidth() * 4);
    refused(RX, RX.topics().rxSymbols(), "p3", SemSerdes.rxPacket().toBytes(rx), "symbols");
  }

  @Test
  void anUnknownCodecId() {
    RxPacket rx = RoleUnderFuzzSupport.received("p4", 1);
    rx.setCodecId("no-such-codec");
    refused(RX, RX.topics().rxSymbols(), "p4", SemSerdes.rxPacket().toBytes(rx), "unknown codec");
  }

  @Test
  void sideInfoThatDecodesPastItsEnd() {
    RxPacket rx = RoleUnderFuzzSupport.received("p5", 1);
    rx.setCodecId("classical-jpeg-ldpc");
    rx.setSideInfo(ByteBuffer.wrap(new byte[] {1, 2}));
    rx.setSideInfoBits(4096);
    refused(RX, RX.topics().rxSymbols(), "p5", SemSerdes.rxPacket().toBytes(rx), "side");
  }

  // --- model deltas and checkpoints ---

  private static byte[] delta(String id, String codec, long base, long next, boolean full) {
    return SemSerdes.modelDelta().toBytes(ModelDelta.newBuilder().setStreamId(id).setCodecId(codec)
        .setBaseVersion(base).setNewVersion(next).setFirstSeq(1).setStep(1e-3f).setPayload(ByteBuffer.wrap(new byte[16]))
        .setBits(128).setChannelUses(64).setFull(full).build());
  }

  @Test
  void aDeltaForACodecThatDoesNotAdapt() {
    refused(RX, RX.topics().modelDeltas(), "d1", delta("d1", "softcast-c16", 0, 1, false), "softcast-c16");
  }

  @Test
  void aDeltaThatSkipsVersions() {
    refused(RX, RX.topics().modelDeltas(), "d2", delta("d2", "explicit-c16", 5, 6, false), "version");
  }

  @Test
  void aDeltaThatGoesBackwards() {
    refused(RX, RX.topics().modelDeltas(), "d3", delta("d3", "explicit-c16", 2, 1, false), "version");
  }

  @Test
  void aCheckpointForAnotherCodec() {
    refused(RX, RX.topics().modelCheckpoints(), "d4", delta("d4", "no-such-codec", 0, 3, true), "codec");
  }

  // --- files on the command line ---

  @Test
  void aY4mWithoutItsSignatureOrWithAnAbsurdSize() {
    FrameSourceException notY4m = assertThrows(FrameSourceException.class,
        () -> new Y4mSource(new ByteArrayInputStream("RIFF....".getBytes(StandardCharsets.US_ASCII)), "x.y4m", true));
    assertTrue(notY4m.getMessage().contains("is not a Y4M stream"), notY4m.getMessage());
    FrameSourceException huge = assertThrows(FrameSourceException.class, () -> new Y4mSource(new ByteArrayInputStream(
        "YUV4MPEG2 W100000 H100000 F25:1 C444\n".getBytes(StandardCharsets.US_ASCII)), "big.y4m", true));
    assertTrue(huge.getMessage().contains("too large"), huge.getMessage());
  }

  @Test
  void aTelemetryCsvWithACellThatIsNotANumber() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TelemetryCsv.read(
        new BufferedReader(new StringReader("a,b\n1,2\n3,banana\n")), 100, "t.csv"));
    assertTrue(e.getMessage().contains("banana"), e.getMessage());
  }

  private static RgbImage picture(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 31 / 17);
    }
    return new RgbImage(w, h, rgb);
  }

  /** Records built from the real codecs, and a PNG that is only a header. */
  static final class RoleUnderFuzzSupport {
    private static final CodecRegistry CODECS = CodecRegistry.standard();

    static TxPacket packet(String id, long seq) {
      try (Codec c = CODECS.create("softcast-c16")) {
        return c.encode(new SourceFrame(id, seq, 1, PICTURE), LinkConditions.awgn(10));
      }
    }

    static byte[] txPacket(String id, long seq) {
      return SemSerdes.txPacket().toBytes(packet(id, seq));
    }

    static RxPacket received(String id, long seq) {
      TxPacket tx = packet(id, seq);
      ChannelConfig link = ChannelConfig.awgn(10);
      return RxPackets.from(tx, new ChannelSimulator(5).transmit(Symbols.fromBytes(tx.getSymbols()), link, id, seq,
          null), link, 2);
    }

    /**
     * A real PNG of one pixel whose header is rewritten to declare w × h (its CRC fixed): decoding it as declared
     * would need w·h·3 bytes.
     */
    static byte[] pngHeaderOnly(int w, int h) {
      byte[] png = ImageFiles.encodePng(new RgbImage(1, 1, new byte[3]));
      // signature (8), IHDR length (4) and type (4), then width and height; the chunk's CRC follows its 13 bytes
      ByteBuffer b = ByteBuffer.wrap(png);
      b.putInt(16, w).putInt(20, h);
      CRC32 crc = new CRC32();
      crc.update(png, 12, 4 + 13);
      b.putInt(12 + 4 + 13, (int) crc.getValue());
      return png;
    }
  }
}
