package io.semstream.codecs.channel;

/**
 * What the receiver gets for one packet.
 *
 * @param iq received symbols, interleaved I/Q: MMSE-equalised when the receiver has CSI under fading,
 *     otherwise y = h·x + n as it arrived
 * @param gains per-symbol complex h, interleaved like {@code iq}; {@code null} for AWGN or when the
 *     receiver has no CSI, so a decoder cannot use knowledge it would not have
 * @param realisedSnrDb 10·log10(mean |h x|² / mean |n|²) measured on this packet; differs from the
 *     configured SNR by the fading draw and by the finite number of noise samples
 * @param next the state to pass as {@code previous} for the stream's next packet; {@code null} for AWGN
 */
public record ChannelOutput(float[] iq, float[] gains, double realisedSnrDb, FadingState next) {}
