package io.semstream.demo;

/** What {@code semstream demo --json} writes: exactly these keys. */
public record DemoSummary(int frames, int reconstructions, double meanPsnr, double meanMsssim,
    double meanCbr, double snrDb, double fps, int modelDeltas, int deadLetters) {}
