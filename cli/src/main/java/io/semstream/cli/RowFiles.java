package io.semstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An evaluation's rows as {@code --json} (a list of objects) and {@code --csv} (a header of the same keys):
 * both files come from one list of ordered maps, so they cannot disagree on names or columns.
 */
final class RowFiles {
  private RowFiles() {}

  /** A row's leading columns, common to every evaluation: the map the caller adds its own columns to. */
  static Map<String, Object> row(String codec, String channel, double snrDb, double cbrTarget, double cbr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("codec", codec);
    m.put("channel", channel);
    m.put("snrDb", snrDb);
    m.put("cbrTarget", cbrTarget);
    m.put("cbr", cbr);
    return m;
  }

  /** Writes whichever of the two files is asked for (null: not asked). */
  static void write(List<Map<String, Object>> rows, Path json, Path csv) throws IOException {
    if (json != null) {
      Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    }
    if (csv != null && !rows.isEmpty()) {
      StringBuilder sb = new StringBuilder(String.join(",", rows.get(0).keySet())).append('\n');
      for (Map<String, Object> row : rows) {
        sb.append(String.join(",", row.values().stream().map(RowFiles::cell).toList())).append('\n');
      }
      Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
    }
  }

  private static String cell(Object value) {
    if (value instanceof Double d) {
      return String.format(Locale.ROOT, "%.6g", d);
    }
    return String.valueOf(value);
  }
}
