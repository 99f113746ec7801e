package io.semstream.cli;

import java.util.ArrayList;
import java.util.List;

/** CBRs as users write them: "1/16" or "0.0625". */
final class Fractions {
  private Fractions() {}

  static double parse(String text) {
    String t = text.trim();
    try {
      int slash = t.indexOf('/');
      double v = slash < 0 ? Double.parseDouble(t)
          : Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a CBR such as 1/16 or 0.0625, got '" + text + "'");
    }
  }

  static List<Double> parseList(String text) {
    List<Double> out = new ArrayList<>();
    for (String part : text.split(",")) {
      out.add(parse(part));
    }
    return out;
  }

  static List<Double> parseNumbers(String text, String what) {
    List<Double> out = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        out.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a comma-separated list of " + what + " such as 1,4,7, got '" + text + "'");
      }
    }
    return out;
  }

  static String format(double cbr) {
    double inv = 1 / cbr;
    if (Math.abs(inv - Math.rint(inv)) < 1e-6) {
      return "1/" + Math.round(inv);
    }
    return String.format("%.4f", cbr);
  }
}
