package io.semstream.codecs.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RangeCoderTest {

  /** Draws a symbol from the table's own (quantised) distribution. */
  static int draw(Cdf cdf, Random rnd) {
    return cdf.find(rnd.nextInt(cdf.total()));
  }

  static double idealBits(int[] symbols, Cdf cdf) {
    double bits = 0;
    for (int s : symbols) {
      bits += cdf.bits(s);
    }
    return bits;
  }

  static int[] roundTrip(int[] symbols, Cdf cdf) {
    RangeEncoder enc = new RangeEncoder();
    for (int s : symbols) {
      enc.encode(s, cdf);
    }
    byte[] bytes = enc.finish();
    assertEquals(8L * bytes.length, enc.bits());
    RangeDecoder dec = new RangeDecoder(bytes);
    int[] out = new int[symbols.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = dec.decode(cdf);
    }
    dec.finish();
    return out;
  }

  static Cdf randomTable(Random rnd) {
    int precision = 1 + rnd.nextInt(16);
    int n = 2 + rnd.nextInt(Math.min(400, (1 << precision) - 1));
    double[] p = new double[n];
    int style = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      p[i] = switch (style) {
        case 0 -> rnd.nextDouble();
        case 1 -> Math.exp(-12 * rnd.nextDouble()); // spans 5 decades
        default -> rnd.nextInt(4) == 0 ? 0.0 : rnd.nextDouble(); // zeros still get a frequency
      };
    }
    p[rnd.nextInt(n)] += 1e-3;
    return Cdf.fromProbabilities(p, precision);
  }

  @Test
  void randomSymbolsUnderRandomTablesRoundTrip() {
    Random rnd = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      Cdf cdf = randomTable(rnd);
      int[] symbols = new int[rnd.nextInt(3000)];
      boolean fromTable = rnd.nextBoolean();
      for (int i = 0; i < symbols.length; i++) {
        symbols[i] = fromTable ? draw(cdf, rnd) : rnd.nextInt(cdf.size());
      }
      assertArrayEquals(symbols, roundTrip(symbols, cdf), "trial " + trial + " " + cdf);
    }
  }

  @Test
  void mixedTablesAndRawBitsInOneStreamRoundTrip() {
    Random rnd = new Random(2);
    Cdf[] tables = new Cdf[20];
    for (int i = 0; i < tables.length; i++) {
      tables[i] = randomTable(rnd);
    }
    int n = 20_000;
    int[] kind = new int[n];
    long[] value = new long[n];
    RangeEncoder enc = new RangeEncoder();
    for (int i = 0; i < n; i++) {
      kind[i] = rnd.nextInt(tables.length + 2);
      if (kind[i] < tables.length) {
        value[i] = draw(tables[kind[i]], rnd);
        enc.encode((int) value[i], tables[kind[i]]);
      } else if (kind[i] == tables.length) {
        int nb = rnd.nextInt(17);
        value[i] = nb == 0 ? 0 : rnd.nextInt(1 << nb);
        value[i] |= (long) nb << 32;
        enc.encodeBits((int) (value[i] & 0xFFFFFFFFL), nb);
      } else {
        value[i] = rnd.nextLong();
        enc.encodeLongBits(value[i], 64);
      }
    }
    RangeDecoder dec = new RangeDecoder(enc.finish());
    for (int i = 0; i < n; i++) {
      if (kind[i] < tables.length) {
        assertEquals(value[i], dec.decode(tables[kind[i]]), "at " + i);
      } else if (kind[i] == tables.length) {
        int nb = (int) (value[i] >>> 32);
        assertEquals(value[i] & 0xFFFFFFFFL, dec.decodeBits(nb), "at " + i);
      } else {
        assertEquals(value[i], dec.decodeLongBits(64), "at " + i);
      }
    }
    dec.finish();
  }

  @Test
  void adversarialTablesRoundTripAndCostWhatTheyShould() {
    Random rnd = new Random(3);
    // One symbol at 99.99 %: the other 255 get the minimum frequency.
    double[] skewed = new double[256];
    Arrays.fill(skewed, 1e-4 / 255);
    skewed[17] = 0.9999;
    Cdf skew = Cdf.fromProbabilities(skewed);
    assertEquals(1, skew.frequency(0));
    assertEquals(65536 - 255, skew.frequency(17));

    int n = 200_000;
    int[] common = new int[n];
    Arrays.fill(common, 17);
    int[] rare = new int[n];
    for (int i = 0; i < n; i++) {
      rare[i] = rnd.nextInt(255);
      if (rare[i] >= 17) {
        rare[i]++; // never the common symbol
      }
    }
    for (int[] symbols : new int[][] {common, rare}) {
      assertArrayEquals(symbols, roundTrip(symbols, skew));
    }
    // Only rare symbols: 16 bits each; only the common one: −log2(65281/65536) each.
    assertEquals(16.0 * n, 8.0 * EntropyCoding.encode(rare, skew).length, 16.0);
    double commonIdeal = idealBits(common, skew);
    assertTrue(8.0 * EntropyCoding.encode(common, skew).length <= commonIdeal + 16, "common run too long");

    // Alphabet 2 at every precision, including the degenerate precision 1 (both frequencies 1).
    for (int precision = 1; precision <= 16; precision++) {
      Cdf two = Cdf.fromProbabilities(new double[] {0.999, 0.001}, precision);
      int[] symbols = new int[5000];
      for (int i = 0; i < symbols.length; i++) {
        symbols[i] = rnd.nextInt(50) == 0 ? 1 : 0;
      }
      assertArrayEquals(symbols, roundTrip(symbols, two), "precision " + precision);
    }

    // Alphabet 4096, every symbol, and a 4096 alphabet squeezed into precision 12 (all frequencies 1).
    double[] wide = new double[4096];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = Math.exp(-i / 300.0);
    }
    for (Cdf cdf : new Cdf[] {Cdf.fromProbabilities(wide), Cdf.fromProbabilities(wide, 12), Cdf.uniform(4096)}) {
      int[] symbols = new int[50_000];
      for (int i = 0; i < symbols.length; i++) {
        symbols[i] = i < 4096 ? i : rnd.nextInt(4096);
      }
      assertArrayEquals(symbols, roundTrip(symbols, cdf), cdf.toString());
    }
    // The full 2^16 alphabet: every frequency is one.
    Cdf full = Cdf.uniform(65536);
    int[] symbols = new int[70_000];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = i < 65536 ? 65535 - i : rnd.nextInt(65536);
    }
    assertArrayEquals(symbols, roundTrip(symbols, full));
  }

  @Test
  void emptyInputIsZeroBytes() {
    RangeEncoder enc = new RangeEncoder();
    assertEquals(0, enc.finish().length);
    assertEquals(0, enc.bits());
    new RangeDecoder(new byte[0]).finish();
    assertEquals(0, EntropyCoding.encode(new int[0], new Cdf[0]).length);
    assertEquals(0, EntropyCoding.decode(new byte[0], new Cdf[0]).length);
    // A run of the first symbol of a table never moves low: still nothing to send.
    int[] zeros = new int[1000];
    assertEquals(0, EntropyCoding.encode(zeros, Cdf.fromProbabilities(new double[] {0.5, 0.5})).length);
    assertArrayEquals(zeros, EntropyCoding.decode(new byte[0], Cdf.fromProbabilities(new double[] {0.5, 0.5}), 1000));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed assertion
  void aMillionSymbolsRoundTripNearTheIdealSize() {
    Random rnd = new Random(4);
    double[] p = new double[64];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(-i / 6.0);
    }
    Cdf cdf = Cdf.fromProbabilities(p);
    int[] symbols = new int[1_000_000];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = draw(cdf, rnd);
    }
    RangeEncoder enc = new RangeEncoder();
    for (int s : symbols) {
      enc.encode(s, cdf);
    }
    byte[] bytes = enc.finish();
    double ideal = idealBits(symbols, cdf);
    assertTrue(8.0 * bytes.length <= ideal * 1.0001 + 16, 8.0 * bytes.length + " bits vs ideal " + ideal);
    assertTrue(8.0 * bytes.length >= ideal - 16, 8.0 * bytes.length + " bits vs ideal " + ideal);
    RangeDecoder dec = new RangeDecoder(bytes);
    for (int i = 0; i < symbols.length; i++) {
      if (dec.decode(cdf) != symbols[i]) {
        fail("mismatch at " + i);
      }
    }
    dec.finish();
  }

  @Test
  void longSequencesCostWithinOnePercentOfTheIdeal() {
    Random rnd = new Random(5);
    double[] skewed = new double[16];
    Arrays.fill(skewed, 1e-4 / 15);
    skewed[0] = 0.9999;
    Cdf[] tables = {
        Cdf.fromProbabilities(skewed),
        Cdf.fromProbabilities(new double[] {0.3, 0.7}),
        Cdf.discretisedGaussian(0.3, 0.2, -4, 4),
        Cdf.discretisedGaussian(-2, 40, -300, 300),
        Cdf.uniform(1000),
        Cdf.fromProbabilities(new double[] {0.6, 0.3, 0.1}, 4),
    };
    for (Cdf cdf : tables) {
      int[] symbols = new int[300_000];
      for (int i = 0; i < symbols.length; i++) {
        symbols[i] = draw(cdf, rnd);
      }
      double ideal = idealBits(symbols, cdf);
      RangeEncoder enc = new RangeEncoder();
      for (int sym : symbols) {
        enc.encode(sym, cdf);
      }
      long bits = 8L * enc.finish().length;
      assertTrue(bits <= ideal * 1.01 + 24, cdf + ": " + bits + " bits vs ideal " + ideal);
      assertTrue(bits >= ideal - 16, cdf + ": " + bits + " bits below ideal " + ideal);
    }
  }

  @Test
  void bitsSoFarTracksTheIdeal() {
    Random rnd = new Random(6);
    Cdf cdf = Cdf.discretisedLogistic(0, 3, -20, 20);
    RangeEncoder enc = new RangeEncoder();
    double ideal = 0;
    for (int i = 0; i < 10_000; i++) {
      int s = draw(cdf, rnd);
      ideal += cdf.bits(s);
      enc.encode(s, cdf);
      if (i % 997 == 0) {
        assertEquals(ideal, enc.bitsSoFar(), 1e-3, "after " + i);
      }
    }
    long bits = 8L * enc.finish().length;
    assertTrue(bits >= ideal - 8 && bits <= ideal + 16, bits + " vs " + ideal);
  }

  @Test
  void escapedIntegersRoundTripAtEveryMagnitude() {
    Random rnd = new Random(7);
    Cdf cdf = Cdf.discretisedGaussian(0, 4, -20, 20, Cdf.Tails.ESCAPE, 16);
    Cdf offset = Cdf.forIntegers(new double[] {1, 2, 3}, 0, 1e-3, Long.MAX_VALUE - 5, Cdf.Tails.ESCAPE, 12);
    Cdf bottom = Cdf.forIntegers(new double[] {1, 2, 3}, 1e-3, 0, Long.MIN_VALUE, Cdf.Tails.ESCAPE, 12);
    long[] special = {0, 20, 21, -20, -21, 1L << 40, -(1L << 40), (1L << 40) + 12345, -(1L << 40) - 1,
        Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 20,
        Long.MIN_VALUE + 21};
    RangeEncoder enc = new RangeEncoder();
    int n = 3000;
    long[] values = new long[n];
    Cdf[] used = new Cdf[n];
    double ideal = 0;
    for (int i = 0; i < n; i++) {
      used[i] = i % 3 == 0 ? cdf : i % 3 == 1 ? offset : bottom;
      values[i] = switch (rnd.nextInt(4)) {
        case 0 -> special[rnd.nextInt(special.length)];
        case 1 -> rnd.nextLong() >> rnd.nextInt(64);
        default -> used[i].minValue() + rnd.nextInt(3);
      };
      ideal += used[i].codeLength(values[i]);
      enc.encodeInteger(values[i], used[i]);
    }
    byte[] bytes = enc.finish();
    assertEquals(ideal, 8.0 * bytes.length, 16.0);
    RangeDecoder dec = new RangeDecoder(bytes);
    for (int i = 0; i < n; i++) {
      assertEquals(values[i], dec.decodeInteger(used[i]), "at " + i);
    }
    dec.finish();
    // The escape of ±2^40 costs the escape symbol plus 2·41 bits.
    assertEquals(cdf.bits(cdf.escapeSymbol()) + 82, cdf.codeLength((1L << 40) + 20), 1e-9);
    assertEquals(cdf.bits(cdf.escapeSymbol()) + 2, cdf.codeLength(21), 1e-9);
  }

  @Test
  void misuseIsRefused() {
    Cdf folded = Cdf.discretisedGaussian(0, 1, -3, 3);
    RangeEncoder enc = new RangeEncoder();
    assertThrows(IllegalArgumentException.class, () -> enc.encode(7, folded));
    assertThrows(IllegalArgumentException.class, () -> enc.encode(-1, folded));
    assertThrows(IllegalArgumentException.class, () -> enc.encodeInteger(4, folded));
    assertThrows(IllegalArgumentException.class, () -> enc.encodeBits(4, 2));
    assertThrows(IllegalArgumentException.class, () -> enc.encodeBits(0, 17));
    assertThrows(IllegalStateException.class, enc::bits);
    enc.encodeInteger(-3, folded);
    byte[] first = enc.finish();
    assertArrayEquals(first, enc.finish());
    assertThrows(IllegalStateException.class, () -> enc.encode(0, folded));
    assertEquals(-3, new RangeDecoder(first).decodeInteger(folded));
  }

  @Test
  void decoderFindsTrailingBytesAndReadsSubArrays() {
    Random rnd = new Random(8);
    Cdf cdf = Cdf.uniform(200);
    int[] symbols = new int[1000];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = rnd.nextInt(200);
    }
    byte[] bytes = EntropyCoding.encode(symbols, cdf);
    byte[] framed = new byte[bytes.length + 10];
    framed[0] = 42;
    System.arraycopy(bytes, 0, framed, 3, bytes.length);
    framed[framed.length - 1] = 7;
    RangeDecoder dec = new RangeDecoder(framed, 3, bytes.length);
    for (int s : symbols) {
      assertEquals(s, dec.decode(cdf));
    }
    dec.finish();

    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    longer[bytes.length] = 1;
    assertThrows(EntropyCodingException.class, () -> EntropyCoding.decode(longer, cdf, symbols.length));
    assertThrows(EntropyCodingException.class, () -> EntropyCoding.decode(bytes, cdf, symbols.length / 2));
    assertThrows(EntropyCodingException.class, () -> EntropyCoding.decode(bytes, cdf, symbols.length - 1));
    // (Decoding more symbols than were coded is not detectable: a stream is also a valid encoding of its
    // symbols followed by the symbols its terminator happens to select. The count is the framing's job.)
    // Cutting bytes off the end never passes silently, even where the symbols still decode right.
    for (int cut = 1; cut <= 40; cut++) {
      byte[] shorter = Arrays.copyOf(bytes, bytes.length - cut);
      try {
        int[] out = EntropyCoding.decode(shorter, cdf, symbols.length);
        assertTrue(!Arrays.equals(out, symbols), "cutting " + cut + " byte(s) went unnoticed");
      } catch (EntropyCodingException expected) {
        // detected
      }
    }
    // Appending a byte is caught by the terminator check even though the decoder reads it.
    for (int b = 1; b < 256; b++) {
      byte[] appended = Arrays.copyOf(bytes, bytes.length + 1);
      appended[bytes.length] = (byte) b;
      assertThrows(EntropyCodingException.class, () -> EntropyCoding.decode(appended, cdf, symbols.length));
    }
  }

  @Test
  void anOverlongEscapePrefixIsAnError() {
    Cdf cdf = Cdf.discretisedGaussian(0, 1, -2, 2, Cdf.Tails.ESCAPE, 16);
    RangeEncoder enc = new RangeEncoder();
    enc.encode(cdf.escapeSymbol(), cdf);
    enc.encodeBits(0, 1);
    for (int i = 0; i < 70; i++) {
      enc.encodeBits(0, 1);
    }
    RangeDecoder dec = new RangeDecoder(enc.finish());
    assertThrows(EntropyCodingException.class, () -> dec.decodeInteger(cdf));
    // An escape claiming a value past Long.MAX_VALUE.
    Cdf top = Cdf.forIntegers(new double[] {1, 1}, 0, 1, Long.MAX_VALUE - 3, Cdf.Tails.ESCAPE, 8);
    RangeEncoder enc2 = new RangeEncoder();
    enc2.encode(top.escapeSymbol(), top);
    enc2.encodeBits(0, 1); // above
    enc2.encodeBits(0, 1); // bit length 2
    enc2.encodeBits(1, 1);
    enc2.encodeBits(1, 1); // u = 3 > MAX − (MAX − 2)
    RangeDecoder dec2 = new RangeDecoder(enc2.finish());
    assertThrows(EntropyCodingException.class, () -> dec2.decodeInteger(top));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void truncatedCorruptedAndRandomBytesNeverHangOrThrowAnythingElse() {
    Random rnd = new Random(9);
    Cdf[] tables = {
        Cdf.discretisedGaussian(0, 2, -8, 8, Cdf.Tails.ESCAPE, 16),
        Cdf.forIntegers(new double[] {1, 1}, 1, 1, 0, Cdf.Tails.ESCAPE, 4), // escapes half the time
        Cdf.fromProbabilities(new double[] {0.9999, 1e-4}),
        Cdf.uniform(4096),
    };
    int n = 400;
    long[] values = new long[n];
    RangeEncoder enc = new RangeEncoder();
    for (int i = 0; i < n; i++) {
      Cdf t = tables[i % tables.length];
      values[i] = rnd.nextInt(10) == 0 && t.hasEscape() ? rnd.nextLong() >> rnd.nextInt(64) : t.minValue()
          + draw(t, rnd);
      if (t.symbolOf(values[i]) < 0 && !t.hasEscape()) {
        values[i] = t.minValue();
      }
      enc.encodeInteger(values[i], t);
    }
    byte[] good = enc.finish();
    int outcomesDiffering = 0;
    int exceptions = 0;
    int cases = 0;
    for (int c = 0; c < 3000; c++) {
      byte[] bad;
      int mode = c % 4;
      if (mode == 0) {
        bad = Arrays.copyOf(good, rnd.nextInt(good.length));
      } else if (mode == 1) {
        bad = good.clone();
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
          bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      } else if (mode == 2) {
        bad = new byte[rnd.nextInt(2 * good.length)];
        rnd.nextBytes(bad);
      } else {
        bad = new byte[rnd.nextInt(64)];
        Arrays.fill(bad, (byte) (rnd.nextBoolean() ? 0xFF : 0x00));
      }
      cases++;
      try {
        RangeDecoder dec = new RangeDecoder(bad);
        boolean same = true;
        for (int i = 0; i < n; i++) {
          same &= dec.decodeInteger(tables[i % tables.length]) == values[i];
        }
        dec.finish();
        if (!same) {
          outcomesDiffering++;
        }
      } catch (EntropyCodingException e) {
        exceptions++;
      } catch (RuntimeException e) {
        fail("case " + c + " threw " + e, e);
      }
    }
    // Most damage must show one way or the other (not a timing or rate claim, a sanity check that the
    // loop above really decoded damaged streams).
    assertTrue(outcomesDiffering + exceptions > cases * 0.9, outcomesDiffering + " + " + exceptions + " of " + cases);
    assertTrue(exceptions > 0, "no corruption was ever detected");
  }
}
