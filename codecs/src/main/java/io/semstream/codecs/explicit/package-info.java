/**
 * Explicit NeurJSCC (DESIGN §5, issue 3): nonlinear transform source-channel coding with a hyperprior
 * that decides how many channel symbols each 16×16 patch gets.
 *
 * <ul>
 *   <li>{@link io.semstream.codecs.explicit.ExplicitNetwork}: the DJL network, its stages and the
 *       training forward (reconstruction + bits of z + bits of y).</li>
 *   <li>{@link io.semstream.codecs.explicit.RateAllocator}: patch entropy → symbol level, η fitted to a
 *       symbol budget.</li>
 *   <li>{@link io.semstream.codecs.explicit.SideInfo}: ẑ and the levels as one range-coded stream.</li>
 *   <li>{@link io.semstream.codecs.explicit.ExplicitCodec}: the {@link io.semstream.codecs.api.Codec}.</li>
 *   <li>{@link io.semstream.codecs.explicit.ExplicitModel} and
 *       {@link io.semstream.codecs.explicit.ExplicitPreset}: the shipped weights (trained by
 *       {@code io.semstream.codecs.train.ExplicitTrainer}) and the registered presets
 *       {@code explicit-c16} and {@code explicit-c48}, one rate-adaptive network for both.</li>
 * </ul>
 * The density models are reusable layers: {@link io.semstream.codecs.entropy.EntropyBottleneck} and
 * {@link io.semstream.codecs.entropy.GaussianConditional}.
 */
package io.semstream.codecs.explicit;
