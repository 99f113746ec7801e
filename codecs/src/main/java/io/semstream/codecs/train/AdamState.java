package io.semstream.codecs.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam over every parameter of a block, in Java: the moments live in float arrays, so a checkpoint holds
 * them and a resumed run goes on exactly where the last one stopped (DJL's optimiser keeps its state where
 * it cannot be saved). The update is the usual bias-corrected Adam.
 */
final class AdamState {
  private static final int MAGIC = 0x53414441; // "SADA"
  private static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

  private final List<Parameter> parameters = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final List<float[]> m = new ArrayList<>();
  private final List<float[]> v = new ArrayList<>();
  private long t;

  AdamState(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      parameters.add(p.getValue());
      names.add(p.getKey());
      int n = Math.toIntExact(p.getValue().getArray().size());
      m.add(new float[n]);
      v.add(new float[n]);
    }
  }

  List<Parameter> parameters() {
    return parameters;
  }

  /**
   * A step only if every gradient is finite; otherwise the gradients are dropped (set to zero) and the weights
   * and moments stay as they were. Returns whether the step was taken.
   */
  boolean stepIfFinite(float learningRate) {
    boolean finite = true;
    for (Parameter p : parameters) {
      try (var grad = p.getArray().getGradient()) {
        for (float v : grad.toFloatArray()) {
          finite &= Float.isFinite(v);
        }
      }
    }
    if (finite) {
      step(learningRate);
      return true;
    }
    discardGradients();
    return false;
  }

  /** Sets every gradient to zero (a NaN gradient stays NaN under subtraction, so it is overwritten). */
  void discardGradients() {
    for (Parameter p : parameters) {
      try (var grad = p.getArray().getGradient()) {
        grad.set(new float[Math.toIntExact(grad.size())]);
      }
    }
  }

  /** One step with the gradients the parameters hold (then zeroed); returns the gradients' global norm. */
  double step(float learningRate) {
    t++;
    double c1 = 1 - Math.pow(BETA1, t), c2 = 1 - Math.pow(BETA2, t);
    double norm = 0;
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      float[] g;
      try (var grad = p.getArray().getGradient()) {
        g = grad.toFloatArray();
        grad.subi(grad);
      }
      float[] theta = p.getArray().toFloatArray();
      float[] mi = m.get(i), vi = v.get(i);
      for (int k = 0; k < theta.length; k++) {
        norm += (double) g[k] * g[k];
        mi[k] = (float) (BETA1 * mi[k] + (1 - BETA1) * g[k]);
        vi[k] = (float) (BETA2 * vi[k] + (1 - BETA2) * g[k] * g[k]);
        theta[k] -= (float) (learningRate * (mi[k] / c1) / (Math.sqrt(vi[k] / c2) + EPSILON));
      }
      p.getArray().set(theta);
    }
    return Math.sqrt(norm);
  }

  void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(MAGIC);
      out.writeLong(t);
      out.writeInt(parameters.size());
      for (int i = 0; i < parameters.size(); i++) {
        out.writeUTF(names.get(i));
        write(out, m.get(i));
        write(out, v.get(i));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void load(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not an optimiser state");
      }
      t = in.readLong();
      int n = in.readInt();
      if (n != parameters.size()) {
        throw new IOException(file + " holds " + n + " parameters; the network has " + parameters.size());
      }
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        if (!name.equals(names.get(i))) {
          throw new IOException(file + ": parameter " + i + " is " + name + ", the network's is " + names.get(i));
        }
        read(in, m.get(i));
        read(in, v.get(i));
      }
    }
  }

  private static void write(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float f : a) {
      out.writeFloat(f);
    }
  }

  private static void read(DataInputStream in, float[] a) throws IOException {
    if (in.readInt() != a.length) {
      throw new IOException("optimiser state has another size than the network");
    }
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readFloat();
    }
  }
}
