package io.semstream.codecs.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Model weights as a small file: magic, a count, then per parameter its name, shape and values in
 * float16 (or float32). float16 halves the size of what we commit; the codecs compute in float32.
 */
public final class WeightsFile {
  private static final int MAGIC = 0x53535731; // "SSW1"
  private static final byte FP16 = 16;
  private static final byte FP32 = 32;

  private WeightsFile() {}

  public static void save(Block block, OutputStream out, boolean half) throws IOException {
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
    var params = block.getParameters();
    data.writeInt(MAGIC);
    data.writeInt(params.size());
    for (Pair<String, Parameter> p : params) {
      NDArray array = p.getValue().getArray();
      float[] values = array.toFloatArray();
      long[] shape = array.getShape().getShape();
      data.writeUTF(p.getKey());
      data.writeByte(shape.length);
      for (long d : shape) {
        data.writeInt((int) d);
      }
      data.writeByte(half ? FP16 : FP32);
      data.writeInt(values.length);
      for (float v : values) {
        if (half) {
          data.writeShort(Half.fromFloat(v));
        } else {
          data.writeFloat(v);
        }
      }
    }
    data.flush();
  }

  /**
   * Loads into an initialised block; every parameter must be present with the same shape, or the
   * file belongs to another architecture and loading fails with the name of the mismatch.
   */
  public static void load(Block block, InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(new BufferedInputStream(in));
    if (data.readInt() != MAGIC) {
      throw new IOException("not a SemStream weights file (bad magic)");
    }
    int count = data.readInt();
    Map<String, float[]> values = new HashMap<>();
    Map<String, long[]> shapes = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String name = data.readUTF();
      int dims = data.readByte();
      long[] shape = new long[dims];
      for (int d = 0; d < dims; d++) {
        shape[d] = data.readInt();
      }
      byte kind = data.readByte();
      float[] v = new float[data.readInt()];
      for (int j = 0; j < v.length; j++) {
        v[j] = kind == FP16 ? Half.toFloat(data.readShort()) : data.readFloat();
      }
      values.put(name, v);
      shapes.put(name, shape);
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      float[] v = values.get(p.getKey());
      if (v == null) {
        throw new IOException("weights file has no parameter " + p.getKey());
      }
      NDArray array = p.getValue().getArray();
      if (!Arrays.equals(shapes.get(p.getKey()), array.getShape().getShape())) {
        throw new IOException("parameter " + p.getKey() + " has shape "
            + Arrays.toString(shapes.get(p.getKey())) + " in the file, " + array.getShape() + " in the model");
      }
      array.set(FloatBuffer.wrap(v));
    }
  }
}
