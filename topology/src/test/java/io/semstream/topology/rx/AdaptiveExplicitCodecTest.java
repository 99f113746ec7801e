package io.semstream.topology.rx;

import static io.semstream.topology.rx.TinyExplicitCodecs.adaptive;
import static io.semstream.topology.rx.TinyExplicitCodecs.packet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.delta.ModelDeltaCodec;
import io.semstream.codecs.explicit.AdaptableParameters;
import io.semstream.codecs.explicit.ExplicitCodec;
import io.semstream.schemas.RxPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link ExplicitCodec} as an {@link io.semstream.codecs.api.AdaptiveDecoder}. (A codecs-module test by
 * subject; it lives beside the receiver that relies on this contract.)
 */
class AdaptiveExplicitCodecTest {

  @Test
  void decodingWithAVectorLeavesTheCodecsOwnValuesAsTheyWere() {
    try (ExplicitCodec codec = adaptive()) {
      RxPacket packet = packet(codec, "cam", 0, 0);
      float[] base = codec.baseParameters();
      byte[] plain = codec.decode(packet).rgb();
      float[] other = base.clone();
      for (int i = 0; i < other.length; i++) {
        other[i] += 0.1f;
      }
      byte[] adapted = codec.decode(packet, other).rgb();
      assertFalse(Arrays.equals(plain, adapted));
      assertArrayEquals(base, AdaptableParameters.decoderDefaults(codec.network()).read());
      assertArrayEquals(plain, codec.decode(packet).rgb());
      assertArrayEquals(plain, codec.decode(packet, base).rgb());
    }
  }

  @Test
  void aPayloadCutInItsHeaderIsRefusedWithACodecException() {
    try (ExplicitCodec codec = adaptive()) {
      float[] base = codec.baseParameters();
      float[] target = base.clone();
      for (int i = 0; i < target.length; i += 3) {
        target[i] += 0.05f;
      }
      byte[] payload = new ModelDeltaCodec().encode(base, target).payload();
      assertArrayEquals(new ModelDeltaCodec().encode(base, target).applied(), codec.applyDelta(payload, base));
      // Past its header a cut payload decodes without complaint (the range coder reads missing bytes as
      // zeros); the receiver catches that against the record's bit count, see ModelUpdateApplier.
      for (int length : new int[] {0, 1, 2}) {
        CodecException e = assertThrows(CodecException.class,
            () -> codec.applyDelta(Arrays.copyOf(payload, length), base), "cut to " + length);
        assertTrue(e.getMessage().startsWith("model delta payload of " + length + " bytes is malformed, truncated"),
            e.getMessage());
      }
    }
  }

  @Test
  void aVectorOfAnotherSizeIsRefused() {
    try (ExplicitCodec codec = adaptive()) {
      int size = codec.baseParameters().length;
      RxPacket packet = packet(codec, "cam", 0, 0);
      float[] wrong = new float[size - 1];
      byte[] payload = new ModelDeltaCodec().encode(wrong, wrong).payload();
      String expected = "parameter vector has " + (size - 1) + " values; codec " + codec.id() + " adapts " + size;
      assertEquals(expected, assertThrows(CodecException.class, () -> codec.decode(packet, wrong)).getMessage());
      assertEquals(expected, assertThrows(CodecException.class, () -> codec.applyDelta(payload, wrong)).getMessage());
      CodecException otherSubset = assertThrows(CodecException.class,
          () -> codec.applyDelta(payload, codec.baseParameters()));
      assertTrue(otherSubset.getMessage().contains("model delta has " + (size - 1) + " values"),
          otherSubset.getMessage());
    }
  }
}
