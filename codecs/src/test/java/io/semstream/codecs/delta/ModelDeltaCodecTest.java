package io.semstream.codecs.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.semstream.codecs.entropy.EntropyCodingException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelDeltaCodecTest {

  private static float[] parameters(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rng.nextGaussian() * 0.1);
    }
    return v;
  }

  /** A sparse update: most values unchanged, the rest moved by a few bins in either direction. */
  private static float[] update(float[] base, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = base.clone();
    for (int i = 0; i < v.length; i++) {
      if (rng.nextInt(4) == 0) {
        v[i] += (float) (rng.nextGaussian() * 0.01);
      }
    }
    return v;
  }

  private static int[] bits(float[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToRawIntBits(v[i]);
    }
    return out;
  }

  @Test
  void receiverRebuildsTheTransmittersParametersBitForBit() {
    float[] base = parameters(5000, 1);
    float[] tuned = update(base, 2);
    ModelDeltaCodec codec = new ModelDeltaCodec();
    ModelDeltaCodec.Delta sent = codec.encode(base, tuned);
    ModelDeltaCodec.Delta received = ModelDeltaCodec.decode(sent.payload(), base.clone());

    assertArrayEquals(sent.steps(), received.steps());
    assertArrayEquals(bits(sent.applied()), bits(received.applied()));
    assertEquals(codec.step(), received.step());
    // The quantised update is within half a bin of the tuned one, and nonzero where the update was.
    for (int i = 0; i < base.length; i++) {
      assertTrue(Math.abs(sent.applied()[i] - tuned[i]) <= codec.step() / 2 + 1e-6f, "value " + i);
    }
    assertTrue(sent.nonzero() > 500 && sent.nonzero() < 1500, "nonzero " + sent.nonzero());
    // Most of the payload is the spike-and-slab stream; far below 32 bits a value.
    assertTrue(sent.bits() < 5000 * 3, "bits " + sent.bits());
  }

  @Test
  void zeroDeltaCostsAFewBytes() {
    float[] base = parameters(10_000, 3);
    ModelDeltaCodec.Delta d = new ModelDeltaCodec().encode(base, base.clone());
    assertEquals(0, d.nonzero());
    assertTrue(d.bits() <= 128, "bits " + d.bits());
    assertArrayEquals(bits(base), bits(d.applied()));
    assertTrue(d.channelUses(10) <= 128 / 1.9 + 1, "channel uses " + d.channelUses(10));
  }

  @Test
  void aPayloadCutAtAnyLengthOrWithAFlippedBitIsRefused() {
    float[] base = parameters(2000, 7);
    byte[] payload = new ModelDeltaCodec().encode(base, update(base, 8)).payload();
    for (int length = 0; length < payload.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(payload, length);
      assertThrows(EntropyCodingException.class, () -> ModelDeltaCodec.decode(cut, base), "cut at " + length);
    }
    for (int bit = 0; bit < 8 * payload.length; bit += 37) {
      byte[] flipped = payload.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(EntropyCodingException.class, () -> ModelDeltaCodec.decode(flipped, base), "bit " + bit);
    }
  }

  @Test
  void aPayloadForAnotherSubsetSizeIsRefused() {
    float[] base = parameters(1000, 4);
    byte[] payload = new ModelDeltaCodec().encode(base, update(base, 5)).payload();
    assertThrows(EntropyCodingException.class, () -> ModelDeltaCodec.decode(payload, new float[1200]));
    assertThrows(EntropyCodingException.class, () -> ModelDeltaCodec.decode(payload, new float[999]));
    assertThrows(EntropyCodingException.class, () -> ModelDeltaCodec.decode(new byte[] {8}, base));
    assertThrows(EntropyCodingException.class, () -> ModelDeltaCodec.decode(new byte[] {8, (byte) 0xE8, 0x07}, base));
  }

  @Test
  void binWidthTravelsInThePayload() {
    float[] base = parameters(300, 6);
    float[] tuned = update(base, 7);
    ModelDeltaCodec fine = new ModelDeltaCodec(12);
    ModelDeltaCodec.Delta d = fine.encode(base, tuned);
    ModelDeltaCodec.Delta r = ModelDeltaCodec.decode(d.payload(), base);
    assertEquals(Math.scalb(1f, -12), r.step());
    assertArrayEquals(bits(d.applied()), bits(r.applied()));
    assertTrue(d.bits() > new ModelDeltaCodec().encode(base, tuned).bits(), "a finer bin costs more bits");
  }
}
