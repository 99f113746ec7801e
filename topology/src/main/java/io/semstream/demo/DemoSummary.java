package io.semstream.demo;

/**
 * What {@code semstream demo --json} writes: exactly these keys. {@code modelDeltas} counts the stream's
 * records on the model-deltas topic; {@code deltaShare} is the part of all channel uses that went to them.
 */
public record DemoSummary(int frames, int reconstructions, double meanPsnr, double meanMsssim,
    double meanCbr, double snrDb, double fps, int modelDeltas, double deltaShare, int deadLetters) {}
