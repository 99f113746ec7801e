package io.semstream.codecs.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;

/** Factories for the convolutions every model here uses ("same" padding for odd kernels). */
public final class Layers {
  private Layers() {}

  public static Block conv(int filters, int kernel, int stride) {
    return conv(filters, kernel, stride, kernel / 2);
  }

  public static Block conv(int filters, int kernel, int stride, int padding) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .build();
  }
}
