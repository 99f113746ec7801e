package io.semstream.topology.rx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.ModelCheckpoints;
import io.semstream.codecs.api.ParameterVectors;
import io.semstream.schemas.ModelDelta;
import io.semstream.topology.state.ParameterVectorSerde;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The byte form shared by full checkpoints and the receiver's parameter store. */
class ParameterVectorsTest {
  private static final float[] VALUES = {0f, -0f, 1.5f, -3.25e-7f, Float.MIN_VALUE, Float.MAX_VALUE};

  @Test
  void roundTripsBitForBitAsCountThenBigEndianFloats() {
    byte[] bytes = ParameterVectors.toBytes(VALUES);
    assertEquals(4 + 4 * VALUES.length, bytes.length);
    assertArrayEquals(new byte[] {0, 0, 0, 6}, Arrays.copyOf(bytes, 4));
    assertArrayEquals(new byte[] {0x3F, (byte) 0xC0, 0, 0}, Arrays.copyOfRange(bytes, 12, 16), "1.5f big-endian");
    assertArrayEquals(VALUES, ParameterVectors.fromBytes(bytes));
    assertArrayEquals(new float[0], ParameterVectors.fromBytes(ParameterVectors.toBytes(new float[0])));
  }

  @Test
  void refusesCutLongAndNonFiniteVectors() {
    byte[] bytes = ParameterVectors.toBytes(VALUES);
    for (int length : new int[] {0, 3, bytes.length - 1, bytes.length + 4}) {
      CodecException e = assertThrows(CodecException.class,
          () -> ParameterVectors.fromBytes(Arrays.copyOf(bytes, length)), "length " + length);
      assertTrue(e.getMessage().contains("parameter vector"), e.getMessage());
    }
    float[] withNaN = VALUES.clone();
    withNaN[2] = Float.NaN;
    assertEquals("parameter vector value 2 is NaN",
        assertThrows(CodecException.class, () -> ParameterVectors.fromBytes(ParameterVectors.toBytes(withNaN)))
            .getMessage());
  }

  @Test
  void theStoreSerdeUsesTheSameBytesAndReportsCorruption() {
    ParameterVectorSerde serde = new ParameterVectorSerde();
    byte[] bytes = serde.serializer().serialize("t", VALUES);
    assertArrayEquals(ParameterVectors.toBytes(VALUES), bytes);
    assertArrayEquals(VALUES, serde.deserializer().deserialize("t", bytes));
    assertThrows(SerializationException.class,
        () -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 2)));
  }

  @Test
  void aCheckpointCarriesTheVectorAndIsFull() {
    ModelDelta checkpoint = ModelCheckpoints.of("cam", "codec", 7, 120, VALUES, 55);
    assertTrue(checkpoint.getFull());
    assertEquals(7, checkpoint.getNewVersion());
    assertEquals(120, checkpoint.getFirstSeq());
    assertEquals(8L * ParameterVectors.toBytes(VALUES).length, checkpoint.getBits());
    assertEquals(55, checkpoint.getChannelUses());
    assertArrayEquals(VALUES, ModelCheckpoints.parameters(checkpoint));
  }
}
