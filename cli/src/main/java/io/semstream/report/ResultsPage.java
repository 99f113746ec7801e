package io.semstream.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the results page from a template: the prose is written by hand, every number comes from the JSON
 * files the project's commands wrote with {@code --json}. A line that is exactly a directive is replaced by a
 * Markdown table:
 * <ul>
 *   <li>{@code {{eval FILE [metric=psnr|msssim|nmseDb|cbr] [cbr=1/16] [channel=awgn]}}} — an {@code eval} file as one
 *   row per codec and channel, one column per SNR; a point where every frame was lost reads "lost";</li>
 *   <li>{@code {{rows FILE[,FILE...] key,key,...}}} — the named fields of each row of any JSON file (an array
 *   of objects or one object); with several files, one table whose first column names the file;</li>
 * </ul>
 * so re-running a command and then {@code semstream results} is all it takes to bring the page up to date,
 * and a number on the page can never disagree with the file it came from.
 */
public final class ResultsPage {
  private static final Pattern DIRECTIVE = Pattern.compile("^\\{\\{\\s*(eval|rows)\\s+(\\S+)(.*?)\\}\\}\\s*$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path base;

  /** @param base the folder the directives' file names are relative to (the repository's top) */
  public ResultsPage(Path base) {
    this.base = base;
  }

  /** The template with every directive replaced by its table. */
  public String render(String template) {
    StringBuilder out = new StringBuilder();
    String[] lines = template.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher m = DIRECTIVE.matcher(line);
      if (!m.matches()) {
        // The last piece of the split is what follows the final newline: no newline of its own.
        out.append(line).append(i + 1 < lines.length ? "\n" : "");
        continue;
      }
      String table = switch (m.group(1)) {
        case "eval" -> evalTable(read(m.group(2)), options(m.group(3)), m.group(2));
        default -> rowsTable(m.group(2), m.group(3).trim());
      };
      out.append(table);
    }
    return out.toString();
  }

  private JsonNode read(String file) {
    Path p = base.resolve(file);
    try {
      return JSON.readTree(Files.readString(p));
    } catch (IOException e) {
      throw new UncheckedIOException("results: cannot read " + p + " (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, String> options(String text) {
    Map<String, String> o = new LinkedHashMap<>();
    for (String kv : text.trim().split("\\s+")) {
      if (kv.isEmpty()) {
        continue;
      }
      int eq = kv.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("results: expected key=value in a directive, got '" + kv + "'");
      }
      o.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return o;
  }

  static String evalTable(JsonNode rows, Map<String, String> o, String file) {
    String metric = o.getOrDefault("metric", "psnr");
    Double cbr = o.containsKey("cbr") ? fraction(o.get("cbr")) : null;
    String channel = o.get("channel");
    TreeSet<Double> snrs = new TreeSet<>();
    Map<String, Map<Double, String>> table = new LinkedHashMap<>();
    for (JsonNode r : array(rows)) {
      if (cbr != null && Math.abs(r.path("cbrTarget").asDouble() - cbr) > 1e-9) {
        continue;
      }
      if (channel != null && !channel.equals(r.path("channel").asText())) {
        continue;
      }
      if (!r.has(metric)) {
        throw new IllegalArgumentException("results: " + file + " has no field '" + metric + "'");
      }
      double snr = r.path("snrDb").asDouble();
      snrs.add(snr);
      String name = "`" + r.path("codec").asText() + "`" + (channel == null ? ", " + r.path("channel").asText() : "");
      table.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(snr, cell(r, metric));
    }
    if (table.isEmpty()) {
      throw new IllegalArgumentException("results: no row of " + file + " matches " + o);
    }
    StringBuilder sb = new StringBuilder("| " + metric + " at SNR (dB) |");
    for (double s : snrs) {
      sb.append(' ').append(number(s)).append(" |");
    }
    sb.append("\n|---|");
    sb.append("---|".repeat(snrs.size())).append('\n');
    table.forEach((name, cells) -> {
      sb.append("| ").append(name).append(" |");
      for (double s : snrs) {
        sb.append(' ').append(cells.getOrDefault(s, "")).append(" |");
      }
      sb.append('\n');
    });
    return sb.toString();
  }

  private static String cell(JsonNode r, String metric) {
    double v = r.path(metric).asDouble();
    String value = switch (metric) {
      case "psnr", "psnrAdapted", "nmseDb" -> String.format(Locale.ROOT, "%.2f", v);
      case "msssim" -> String.format(Locale.ROOT, "%.3f", v);
      default -> number(v);
    };
    // Telemetry rows count windows ("windows", "lost"), image rows frames ("images", "lostFrames").
    boolean telemetry = r.has("windows");
    int lost = r.path(telemetry ? "lost" : "lostFrames").asInt(0), images = r.path(telemetry ? "windows" : "images").asInt(0);
    if (!metric.startsWith("psnr") && !metric.equals("msssim") && !metric.equals("nmseDb")) {
      return value; // what was spent is a fact whether or not the frame arrived
    }
    if (lost > 0 && lost == images && !telemetry) {
      return "lost"; // a concealed window still has an error; a concealed image is not scored
    }
    return lost > 0 ? value + " (" + lost + " of " + images + " lost)" : value;
  }

  private String rowsTable(String files, String keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("results: {{rows " + files + " ...}} needs the fields to show");
    }
    List<String> names = List.of(keys.split(","));
    List<String> list = List.of(files.split(","));
    boolean several = list.size() > 1;
    StringBuilder sb = new StringBuilder("|");
    if (several) {
      sb.append(" file |");
    }
    names.forEach(n -> sb.append(' ').append(n).append(" |"));
    sb.append("\n|").append("---|".repeat(names.size() + (several ? 1 : 0))).append('\n');
    for (String file : list) {
      appendRows(sb, read(file), names, file, several);
    }
    return sb.toString();
  }

  private static void appendRows(StringBuilder sb, JsonNode rows, List<String> names, String file, boolean label) {
    for (JsonNode r : array(rows)) {
      sb.append('|');
      if (label) {
        String stem = Path.of(file).getFileName().toString();
        sb.append(' ').append(stem.endsWith(".json") ? stem.substring(0, stem.length() - 5) : stem).append(" |");
      }
      for (String n : names) {
        JsonNode v = r.get(n);
        if (v == null) {
          throw new IllegalArgumentException("results: " + file + " has no field '" + n + "'");
        }
        sb.append(' ').append(v.isNull() ? "–" : v.isNumber() ? number(v.asDouble()) : v.asText()).append(" |");
      }
      sb.append('\n');
    }
  }

  private static List<JsonNode> array(JsonNode n) {
    List<JsonNode> list = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(list::add);
    } else {
      list.add(n);
    }
    return list;
  }

  /** Integers as integers; others with two decimals, or three significant digits below one. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double a = Math.abs(v);
    int decimals = a >= 100 ? 1 : a >= 1 ? 2 : Math.min(8, 2 - (int) Math.floor(Math.log10(a)));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static double fraction(String s) {
    int slash = s.indexOf('/');
    return slash < 0 ? Double.parseDouble(s)
        : Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1));
  }
}
