package io.semstream.demo;

/**
 * What {@code semstream demo --json} writes: exactly these keys. {@code modelDeltas} counts the stream's
 * records on the model-deltas topic; {@code deltaShare} is the part of all channel uses that went to them;
 * {@code nonFiniteFrames} the frames whose encoder or decoder output was NaN or infinite (dead-lettered by
 * the transmitter, concealed and flagged by the receiver); {@code identicalToOffline} the reconstructions
 * equal pixel for pixel to an offline decode of the packet the receiver was given.
 */
public record DemoSummary(int frames, int reconstructions, double meanPsnr, double meanMsssim,
    double meanCbr, double snrDb, double fps, int modelDeltas, double deltaShare, int deadLetters,
    int nonFiniteFrames, int identicalToOffline, double latencyP50Ms, double latencyP95Ms) {}
