package io.cumulo.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG line chart with a title, labelled axes (units in the labels) and a legend, one line per
 * named series of (x, y) points. Used for the report's latency curves and throughput over time
 * and for the soak's gauges.
 */
public final class LineChart {
  private static final int WIDTH_PX = 900;
  private static final int HEIGHT_PX = 500;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2),
      new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();
  private boolean logY;
  private String subtitle;

  public LineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a line; each point is {@code {x, y}}. Points with a non-finite y are left out. */
  public LineChart line(String name, List<double[]> points) {
    series.put(name, points);
    return this;
  }

  /** A logarithmic y axis, for latencies spanning orders of magnitude. */
  public LineChart logY() {
    this.logY = true;
    return this;
  }

  /** A second, smaller title line (e.g. the machine and the date). */
  public LineChart subtitle(String text) {
    this.subtitle = text;
    return this;
  }

  public boolean isEmpty() {
    return series.values().stream().allMatch(List::isEmpty);
  }

  /** Draws the chart to {@code png}, creating its directory. */
  public void write(Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<double[]>> line : series.entrySet()) {
      XYSeries xy = new XYSeries(line.getKey(), false, true);
      for (double[] point : line.getValue()) {
        if (Double.isFinite(point[1]) && (!logY || point[1] > 0)) {
          xy.add(point[0], point[1]);
        }
      }
      data.addSeries(xy);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
        true, false, false);
    if (subtitle != null) {
      chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
    }
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    if (logY) {
      LogarithmicAxis axis = new LogarithmicAxis(yLabel);
      axis.setAllowNegativesFlag(false);
      axis.setStrictValuesFlag(false);
      plot.setRangeAxis(axis);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH_PX, HEIGHT_PX);
  }
}
