package io.semstream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.schemas.ChannelState;
import io.semstream.schemas.FadingModel;
import io.semstream.schemas.Frame;
import io.semstream.schemas.PixelFormat;
import io.semstream.schemas.Reconstruction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  @Test
  void frameRoundTripsWithSingleObjectHeader() {
    Frame f = Frame.newBuilder().setStreamId("cam").setSeq(7).setCaptureTimestamp(123).setWidth(2).setHeight(1)
        .setPixelFormat(PixelFormat.RAW_RGB8).setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6})).build();
    AvroSerde<Frame> serde = SemSerdes.frame();
    byte[] bytes = serde.serializer().serialize("frames", f);
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals((byte) 0x01, bytes[1]);
    Frame back = serde.deserializer().deserialize("frames", bytes);
    assertEquals(f, back);
    assertNull(serde.deserializer().deserialize("frames", null));
  }

  @Test
  void nonAvroBytesGiveAClearReason() {
    AvroSerde<Frame> serde = SemSerdes.frame();
    SerializationException e = assertThrows(SerializationException.class,
        () -> serde.fromBytes("hello, not avro".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("not an Avro single-object encoded Frame"), e.getMessage());
  }

  @Test
  void truncatedBodyIsRejected() {
    ChannelState s = ChannelState.newBuilder().setLinkId("l").setTimestamp(1).setSnrDb(3).setFading(FadingModel.AWGN).build();
    byte[] full = SemSerdes.channelState().toBytes(s);
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 5);
    assertThrows(SerializationException.class, () -> SemSerdes.channelState().fromBytes(cut));
  }

  @Test
  void recordOfAnotherTypeIsRejected() {
    ChannelState s = ChannelState.newBuilder().setLinkId("l").setTimestamp(1).setSnrDb(3).setFading(FadingModel.AWGN).build();
    byte[] bytes = SemSerdes.channelState().toBytes(s);
    assertThrows(SerializationException.class, () -> SemSerdes.frame().fromBytes(bytes));
  }

  /**
   * A writer that predates fields with defaults (here: ChannelState before csiAtReceiver,
   * coherenceSymbols and dopplerCorrelation) still reads, with the defaults filled in, once its
   * schema is in the history store.
   */
  @Test
  void olderWriterSchemaResolvesToCurrentClassWithDefaults() throws Exception {
    Schema old = new Schema.Parser().parse("""
        {"type":"record","name":"ChannelState","namespace":"io.semstream.schemas","fields":[
          {"name":"linkId","type":"string"},
          {"name":"timestamp","type":"long"},
          {"name":"snrDb","type":"double"},
          {"name":"fading","type":{"type":"enum","name":"FadingModel","symbols":["AWGN","RAYLEIGH_BLOCK","RAYLEIGH_FAST"]}}
        ]}""");
    GenericRecord r = new GenericData.Record(old);
    r.put("linkId", "cam1");
    r.put("timestamp", 42L);
    r.put("snrDb", 7.5);
    r.put("fading", new GenericData.EnumSymbol(old.getField("fading").schema(), "RAYLEIGH_BLOCK"));
    ByteBuffer buf = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(r);
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);

    AvroSerde<ChannelState> serde = SemSerdes.channelState();
    // Unknown writer schema: refused, with a reason.
    assertThrows(SerializationException.class, () -> serde.fromBytes(bytes));
    SchemaHistory.register(old);
    ChannelState s = serde.fromBytes(bytes);
    assertEquals("cam1", s.getLinkId());
    assertEquals(7.5, s.getSnrDb());
    assertEquals(FadingModel.RAYLEIGH_BLOCK, s.getFading());
    assertTrue(s.getCsiAtReceiver());
    assertEquals(0, s.getCoherenceSymbols());
    assertEquals(0.99, s.getDopplerCorrelation(), 1e-12);
  }

  /** Every committed older version in schema-history/ resolves against the current class. */
  @Test
  void everyCommittedHistorySchemaResolves() throws Exception {
    var loader = getClass().getClassLoader();
    String index;
    try (var in = loader.getResourceAsStream("schema-history/index.txt")) {
      assertTrue(in != null, "schema-history/index.txt must be on the classpath");
      index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String line : index.split("\\R")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Schema writer;
      try (var in = loader.getResourceAsStream("schema-history/" + name)) {
        writer = new Schema.Parser().parse(in);
      }
      Class<?> type = Class.forName(writer.getFullName());
      Schema reader = (Schema) type.getMethod("getClassSchema").invoke(null);
      var compat = org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
      assertEquals(org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, compat.getType(),
          name + " can no longer be read: " + compat.getDescription());
    }
  }

  @Test
  void reconstructionNullableMetricsDefaultToNull() {
    Reconstruction r = Reconstruction.newBuilder().setStreamId("s").setSeq(1).setCaptureTimestamp(0).setCodecId("c")
        .setWidth(1).setHeight(1).setPayload(ByteBuffer.wrap(new byte[] {1})).setCbr(0.1).setSnrDb(10)
        .setLatencyMs(5).build();
    Reconstruction back = SemSerdes.reconstruction().fromBytes(SemSerdes.reconstruction().toBytes(r));
    assertNull(back.getPsnr());
    assertArrayEquals(new byte[] {1}, back.getPayload().array());
  }
}
