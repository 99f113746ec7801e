package io.semstream.codecs.telemetry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Telemetry CSV: a header row naming the channels; a first column named {@code timestamp} (or time, date,
 * datetime, ts) in ISO-8601 (UTC unless an offset is given) or epoch milliseconds; or no time column and a
 * sample rate, from the caller or from a comment line {@code # sample-rate-hz: R}. Other lines starting with
 * {@code #} are comments. Values are decimal numbers; NaN and infinities are read as such, for the pipeline
 * to reject with a reason.
 */
public final class TelemetryCsv {
  private static final Set<String> TIME_COLUMNS = Set.of("timestamp", "time", "date", "datetime", "ts");
  private static final String RATE_COMMENT = "# sample-rate-hz:";

  private TelemetryCsv() {}

  /**
   * @param rateHz the sample rate when the file has no time column (NaN: take it from the file's comment);
   *     with a time column it must be NaN, and the rate is the median spacing of the timestamps
   * @param what names the source in error messages
   */
  public static TelemetrySeries read(BufferedReader in, double rateHz, String what) throws IOException {
    String line;
    int number = 0;
    double commentRate = Double.NaN;
    String[] header = null;
    List<String[]> rows = new ArrayList<>();
    while ((line = in.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        if (trimmed.toLowerCase(Locale.ROOT).startsWith(RATE_COMMENT)) {
          commentRate = parseRate(trimmed.substring(RATE_COMMENT.length()).strip(), what + " line " + number);
        }
        continue;
      }
      String[] cells = trimmed.split(",", -1);
      if (header == null) {
        cells[0] = cells[0].replace("\uFEFF", "");
        header = cells;
        continue;
      }
      if (cells.length != header.length) {
        throw new IllegalArgumentException(what + " line " + number + " has " + cells.length + " columns, the header "
            + header.length);
      }
      rows.add(cells);
    }
    if (header == null) {
      throw new IllegalArgumentException(what + " has no header row naming the channels");
    }
    boolean timed = TIME_COLUMNS.contains(header[0].strip().toLowerCase(Locale.ROOT));
    int first = timed ? 1 : 0;
    if (header.length - first < 1) {
      throw new IllegalArgumentException(what + " names no channel after its time column");
    }
    double rate;
    if (timed) {
      if (!Double.isNaN(rateHz)) {
        throw new IllegalArgumentException(what + " has a time column; --rate is for files without one");
      }
      rate = Double.NaN;
    } else {
      rate = !Double.isNaN(rateHz) ? rateHz : commentRate;
      if (Double.isNaN(rate)) {
        throw new IllegalArgumentException(what + " has no time column (its first column is '" + header[0]
            + "'): give its sample rate with --rate HZ or a line '# sample-rate-hz: R'");
      }
    }
    List<String> names = new ArrayList<>();
    for (int c = first; c < header.length; c++) {
      names.add(header[c].strip());
    }
    long[] times = new long[rows.size()];
    float[][] values = new float[names.size()][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      String[] cells = rows.get(r);
      String where = what + " data row " + (r + 1);
      times[r] = timed ? parseTime(cells[0].strip(), where) : Math.round(r * 1000.0 / rate);
      for (int c = first; c < cells.length; c++) {
        values[c - first][r] = parseValue(cells[c].strip(), where + ", column '" + header[c].strip() + "'");
      }
    }
    if (timed) {
      rate = rateOf(times);
    }
    return new TelemetrySeries(names, times, rate, values);
  }

  private static double parseRate(String text, String where) {
    try {
      double r = Double.parseDouble(text);
      if (r > 0 && Double.isFinite(r)) {
        return r;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(where + ": the sample rate must be a positive number of Hz, got '" + text + "'");
  }

  private static float parseValue(String text, String where) {
    try {
      return Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": expected a number, got '" + text + "'");
    }
  }

  /** ISO-8601 (instant, date-time with or without offset, date) or epoch milliseconds. */
  static long parseTime(String text, String where) {
    if (!text.isEmpty() && text.chars().allMatch(ch -> Character.isDigit(ch) || ch == '-' || ch == '.')
        && text.indexOf('-', 1) < 0) {
      try {
        return Math.round(Double.parseDouble(text));
      } catch (NumberFormatException ignored) {
        // not epoch ms: try ISO below
      }
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // next form
    }
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // next form
    }
    try {
      // "2024-01-01 12:00:00", as spreadsheets write it, is the ISO form with a space for the T
      return LocalDateTime.parse(text.length() > 10 && text.charAt(10) == ' '
          ? text.substring(0, 10) + 'T' + text.substring(11) : text).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // next form
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + ": expected an ISO-8601 time or epoch milliseconds, got '" + text + "'");
    }
  }

  /** Samples per second from the median spacing; 0 when there are fewer than two distinct times. */
  static double rateOf(long[] times) {
    if (times.length < 2) {
      return 0;
    }
    long[] gaps = new long[times.length - 1];
    for (int i = 1; i < times.length; i++) {
      gaps[i - 1] = times[i] - times[i - 1];
    }
    Arrays.sort(gaps);
    long median = gaps[gaps.length / 2];
    return median > 0 ? 1000.0 / median : 0;
  }

  /** Writes a series with an ISO-8601 time column, values as the shortest decimal that reads back the same float. */
  public static void write(TelemetrySeries series, Writer out) throws IOException {
    StringBuilder b = new StringBuilder("timestamp");
    for (String name : series.channelNames()) {
      b.append(',').append(name);
    }
    out.write(b.append('\n').toString());
    for (int t = 0; t < series.length(); t++) {
      b.setLength(0);
      b.append(Instant.ofEpochMilli(series.timestampsMs()[t]));
      for (int c = 0; c < series.channels(); c++) {
        b.append(',').append(series.values()[c][t]);
      }
      out.write(b.append('\n').toString());
    }
  }
}
