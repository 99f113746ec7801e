package io.semstream.codecs.nr;

import io.semstream.codecs.api.CodecException;
import io.semstream.codecs.api.FrameLostException;
import java.util.Locale;

/**
 * A payload of bytes over the 5G NR data path in a given number of channel uses, for codecs that send
 * their frame digitally: the MCS from the design SNR ({@link McsTable}), 38.212 coding rate-matched to fill
 * the data symbols, QAM; at the receiver soft demapping (MMSE with the fading gains when CSI is known),
 * LDPC decoding and the CRC verdict. A failed CRC loses the frame, as a real link would.
 */
public final class NrBitPipe {
  private NrBitPipe() {}

  /**
   * The MCS and capacity of {@code dataSymbols} channel uses.
   *
   * @param mcs the row of {@link McsTable} (its index is what a header carries)
   * @param maxPayloadBits the largest payload the symbols carry (0 when none)
   */
  public record Plan(McsTable.Mcs mcs, QamModulator qam, double codeRate, long dataSymbols, long maxPayloadBits) {
    /** The row link adaptation picks for a design SNR. */
    public static Plan of(long dataSymbols, double designSnrDb) {
      return forMcs(McsTable.forDesignSnr(designSnrDb), dataSymbols);
    }

    /** The row a header names; a {@link CodecException} for an index outside the table. */
    public static Plan forMcsIndex(int index, long dataSymbols) {
      if (index < 0 || index >= McsTable.size()) {
        throw new CodecException("MCS row " + index + " outside 0.." + (McsTable.size() - 1));
      }
      return forMcs(McsTable.row(index), dataSymbols);
    }

    public static Plan forMcs(McsTable.Mcs mcs, long dataSymbols) {
      QamModulator qam = mcs.qam();
      double rate = mcs.codeRate();
      long g = dataSymbols * qam.bitsPerSymbol();
      if (g > Integer.MAX_VALUE) {
        throw new CodecException(dataSymbols + " data symbols are more coded bits than one packet can hold");
      }
      long payload = dataSymbols == 0 ? 0 : TransportBlockCoder.maxPayloadBits((int) g, qam.bitsPerSymbol(), rate);
      return new Plan(mcs, qam, rate, dataSymbols, payload);
    }

    /** The header byte that names this plan's MCS. */
    public int mcsIndex() {
      return mcs.index();
    }

    private TransportBlockCoder.Plan transport(long payloadBytes) {
      try {
        return TransportBlockCoder.plan(Math.toIntExact(8 * payloadBytes), (int) (dataSymbols * qam.bitsPerSymbol()),
            qam.bitsPerSymbol(), codeRate);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new CodecException(dataSymbols + " symbols cannot carry " + payloadBytes + " payload bytes: "
            + e.getMessage(), e);
      }
    }
  }

  /** The payload as unit-power QAM symbols filling the plan's data symbols, interleaved I/Q. */
  public static float[] transmit(byte[] payload, Plan plan) {
    return NrDataPath.transmit(toBits(payload), plan.transport(payload.length), plan.qam());
  }

  /**
   * The payload back from received symbols, or a {@link FrameLostException} when a code block fails its CRC.
   *
   * @param gains the fading gains (interleaved, one per symbol) when the receiver knows them, else null
   * @param what names the frame in the loss message
   */
  public static byte[] receive(TransportBlockCoder coder, float[] iq, float[] gains, double snrDb, Plan plan,
      long payloadBytes, String what) {
    if (iq.length / 2 != plan.dataSymbols()) {
      throw new CodecException(what + " has " + iq.length / 2 + " data symbols, its plan " + plan.dataSymbols());
    }
    if (gains != null && gains.length != iq.length) {
      throw new CodecException(what + " has " + gains.length / 2 + " fading gains for " + iq.length / 2 + " symbols");
    }
    TransportBlockCoder.Plan transport = plan.transport(payloadBytes);
    double n0 = Math.pow(10, -snrDb / 10);
    float[] llr = gains != null ? plan.qam().demapMmse(iq, gains, n0) : plan.qam().demapAwgn(iq, n0);
    TransportBlockCoder.Decoded decoded = NrDataPath.receive(coder, llr, transport);
    if (!decoded.crcOk()) {
      throw new FrameLostException(FrameLostException.Reason.CRC_FAILED, String.format(Locale.ROOT,
          "%s lost: code block %d of %d failed (MCS row %d, %s rate %.3f, channel %.2f dB)", what,
          decoded.failedBlock() + 1, transport.segmentation().blocks(), plan.mcsIndex(), plan.qam().name(),
          plan.codeRate(), snrDb));
    }
    return fromBits(decoded.payload());
  }

  /** Bytes to bits, most significant bit first. */
  public static byte[] toBits(byte[] bytes) {
    byte[] bits = new byte[bytes.length * 8];
    for (int i = 0; i < bytes.length; i++) {
      for (int j = 0; j < 8; j++) {
        bits[8 * i + j] = (byte) ((bytes[i] >>> (7 - j)) & 1);
      }
    }
    return bits;
  }

  public static byte[] fromBits(byte[] bits) {
    byte[] bytes = new byte[bits.length / 8];
    for (int i = 0; i < bytes.length; i++) {
      int v = 0;
      for (int j = 0; j < 8; j++) {
        v = (v << 1) | (bits[8 * i + j] & 1);
      }
      bytes[i] = (byte) v;
    }
    return bytes;
  }
}
