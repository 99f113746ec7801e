/**
 * Entropy coding for the codecs' digital side info (hyperprior z, per-patch rate levels, latents) and
 * for model deltas.
 *
 * <ul>
 *   <li>{@link io.semstream.codecs.entropy.RangeEncoder} / {@link io.semstream.codecs.entropy.RangeDecoder}:
 *       a 56-bit range coder with carry propagation (not rANS), integer frequency tables of total
 *       2^precision ≤ 2^16, raw bits, and escapes for unbounded integers.</li>
 *   <li>{@link io.semstream.codecs.entropy.Cdf}: immutable quantised tables from probabilities, from
 *       discretised Gaussian / logistic / Laplace densities, or from shipped integer frequencies.</li>
 *   <li>{@link io.semstream.codecs.entropy.GaussianScaleTable}: 64 zero-mean Gaussian tables picked by a
 *       deterministic rule from a predicted float scale.</li>
 *   <li>{@link io.semstream.codecs.entropy.SpikeAndSlab}: the model-delta prior, with its header.</li>
 *   <li>{@link io.semstream.codecs.entropy.EntropyCoding}: arrays in one call, and rate estimates.</li>
 * </ul>
 *
 * <p>Everything that builds a table uses StrictMath and strict IEEE arithmetic, so equal inputs give
 * equal tables on every JVM. Changing a factory's arithmetic or the quantisation rule changes the
 * bitstream format; the tests pin a checksum of the standard tables to catch that.
 */
package io.semstream.codecs.entropy;
