package io.semstream.codecs.eval;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PSNR against SNR, one line per codec × CBR × channel; or PSNR against the measured CBR at one SNR, one
 * line per codec family and channel. Written as a PNG.
 */
public final class EvalPlot {
  private EvalPlot() {}

  /** An empty PSNR chart in the house style, headless. */
  private static XYChart chart(String title, String xAxis) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
        .xAxisTitle(xAxis).yAxisTitle("PSNR (dB)").build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    return chart;
  }

  public static void write(List<EvalRow> rows, Path png, String title) throws IOException {
    XYChart chart = chart(title, "SNR (dB)");
    Map<String, List<EvalRow>> series = new LinkedHashMap<>();
    boolean manyChannels = rows.stream().map(EvalRow::channel).distinct().count() > 1;
    for (EvalRow r : rows) {
      String name = String.format(Locale.ROOT, "%s  CBR %s%s", r.codec(), cbr(r.cbrTarget()),
          manyChannels ? "  " + r.channel() : "");
      series.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<EvalRow>> e : series.entrySet()) {
      List<EvalRow> points = new ArrayList<>(e.getValue());
      points.sort((a, b) -> Double.compare(a.snrDb(), b.snrDb()));
      double[] x = points.stream().mapToDouble(EvalRow::snrDb).toArray();
      double[] y = points.stream().mapToDouble(EvalRow::psnr).toArray();
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineStyle(new BasicStroke(2f));
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** PSNR against measured CBR at {@code snrDb}: the rows at that SNR, one line per codec family and channel. */
  public static void writeAgainstCbr(List<EvalRow> rows, double snrDb, Path png, String title) throws IOException {
    XYChart chart = chart(title, "measured CBR (channel uses per source value)");
    Map<String, List<EvalRow>> series = new LinkedHashMap<>();
    boolean manyChannels = rows.stream().map(EvalRow::channel).distinct().count() > 1;
    for (EvalRow r : rows) {
      if (Math.abs(r.snrDb() - snrDb) < 1e-9) {
        String name = familyOf(r.codec()) + (manyChannels ? "  " + r.channel() : "");
        series.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
      }
    }
    if (series.isEmpty()) {
      throw new IllegalArgumentException("no row at " + snrDb + " dB to plot against the CBR");
    }
    for (Map.Entry<String, List<EvalRow>> e : series.entrySet()) {
      List<EvalRow> points = new ArrayList<>(e.getValue());
      points.sort((a, b) -> Double.compare(a.cbr(), b.cbr()));
      XYSeries s = chart.addSeries(e.getKey(), points.stream().mapToDouble(EvalRow::cbr).toArray(),
          points.stream().mapToDouble(EvalRow::psnr).toArray());
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineStyle(new BasicStroke(2f));
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** A codec id without its CBR: {@code softcast-c24} and {@code softcast-c16} are both {@code softcast}. */
  public static String familyOf(String id) {
    return id.replaceFirst("-c\\d+$", "");
  }

  private static String cbr(double c) {
    double inv = 1 / c;
    return Math.abs(inv - Math.rint(inv)) < 1e-6 ? "1/" + Math.round(inv) : String.format(Locale.ROOT, "%.4f", c);
  }
}
