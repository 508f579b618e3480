using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace TickStream.Cli.Reports;

/// <summary>The report's charts, drawn by ScottPlot.</summary>
internal static class ReportCharts
{
    private const int Width = 1500;
    private const int Height = 620;
    private static readonly string[] PercentileLabels = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"];

    /// <summary>
    /// Whether charts can be drawn here: the tool package carries SkiaSharp's native library only for the platforms
    /// named in its project file, and on any other the first drawing fails inside a type initializer.
    /// </summary>
    public static bool CanDraw(out string why)
    {
        try
        {
            _ = new Plot().GetImageBytes(8, 8, ImageFormat.Png);
            why = "";
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            why = $"charts cannot be drawn on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}: the native " +
                "drawing library (SkiaSharp) is packaged for linux-x64, linux-arm64, osx and win-x64 only; build from source " +
                "(dotnet run --project clients/TickStream.Cli -- report ...) on this platform";
            return false;
        }
    }

    /// <summary>
    /// Latency by percentile as HdrHistogram plots it: x is log10(1/(1-percentile)), so 90%, 99%, 99.9% are evenly
    /// spaced; y is logarithmic too, because tails are orders of magnitude above the median.
    /// <paramref name="uncorrected"/> draws the latencies as measured instead of the corrected ones.
    /// </summary>
    public static void PercentileDistribution(string path, string title, IReadOnlyList<ReportSeries> series, bool uncorrected)
    {
        var plot = new Plot();
        var maxX = 1.0;
        foreach (var s in series)
        {
            var curve = uncorrected ? s.UncorrectedPercentiles : s.Percentiles;
            if (curve is null)
            {
                continue;
            }

            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < curve.Values.Count; i++)
            {
                var p = curve.Percentiles[i];
                if (p >= 1.0 || curve.Values[i] <= 0)
                {
                    continue; // 1/(1-p) is infinite at the last row
                }

                xs.Add(Math.Log10(1 / (1 - p)));
                ys.Add(Math.Log10(curve.Values[i]));
            }

            if (xs.Count == 0)
            {
                continue;
            }

            maxX = Math.Max(maxX, xs[^1]);
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = s.Label;
            line.LineWidth = 2;
        }

        var decades = Math.Min(PercentileLabels.Length - 1, (int)Math.Ceiling(maxX));
        var positions = new double[decades + 1];
        var labels = new string[decades + 1];
        for (var i = 0; i <= decades; i++)
        {
            positions[i] = i;
            labels[i] = PercentileLabels[i];
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(positions, labels);
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Axes.SetLimitsX(0, decades + 0.15); // room for the last label
        plot.Title(title);
        plot.XLabel("percentile");
        plot.YLabel("end-to-end latency (µs, log scale)");
        plot.ShowLegend(Edge.Right); // outside the data: a dozen lines would hide under it
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// p50 (dashed) and p99 (solid) of each interval of the interval log, over 0 to <paramref name="seconds"/>, the
    /// x range every time chart of the group shares so that a moment lines up across them.
    /// </summary>
    public static void LatencyOverTime(string path, string title, IReadOnlyList<ReportSeries> series, double seconds)
    {
        var plot = new Plot();
        var color = 0;
        foreach (var s in series)
        {
            if (s.LatencyOverTime.Count == 0)
            {
                continue;
            }

            var xs = new double[s.LatencyOverTime.Count];
            var p50 = new double[xs.Length];
            var p99 = new double[xs.Length];
            for (var i = 0; i < xs.Length; i++)
            {
                var point = s.LatencyOverTime[i];
                xs[i] = point.Seconds;
                p50[i] = Math.Log10(Math.Max(point.P50Us, 0.001));
                p99[i] = Math.Log10(Math.Max(point.P99Us, 0.001));
            }

            var paint = plot.Add.Palette.GetColor(color++);
            var high = plot.Add.ScatterLine(xs, p99, paint);
            high.LegendText = s.Label + " p99";
            high.LineWidth = 2;
            var median = plot.Add.ScatterLine(xs, p50, paint);
            median.LegendText = s.Label + " p50";
            median.LinePattern = LinePattern.Dashed;
        }

        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Axes.SetLimitsX(0, seconds);
        plot.Title(title);
        plot.XLabel("seconds from the first tick");
        plot.YLabel("latency per interval (µs, log scale)");
        plot.ShowLegend(Edge.Right); // outside the data: a dozen lines would hide under it
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// Ticks per second received in each interval, from zero (a rate axis that starts elsewhere makes a 3% dip look
    /// like a collapse), over 0 to <paramref name="seconds"/> as the group's other time charts.
    /// </summary>
    public static void ThroughputOverTime(string path, string title, IReadOnlyList<ReportSeries> series, double seconds)
    {
        var plot = new Plot();
        var highest = 1.0;
        foreach (var s in series)
        {
            if (s.ThroughputOverTime.Count == 0)
            {
                continue;
            }

            var xs = new double[s.ThroughputOverTime.Count];
            var ys = new double[xs.Length];
            for (var i = 0; i < xs.Length; i++)
            {
                xs[i] = s.ThroughputOverTime[i].Seconds;
                ys[i] = s.ThroughputOverTime[i].TicksPerSecond;
                highest = Math.Max(highest, ys[i]);
            }

            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = s.Label;
            line.LineWidth = 2;
        }

        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => v.ToString("N0", CultureInfo.InvariantCulture) };
        plot.Axes.SetLimits(0, seconds, 0, highest * 1.08);
        plot.Title(title);
        plot.XLabel("seconds from the first tick");
        plot.YLabel("ticks per second received");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The end of the x range that holds every interval of every series: the charts of a group share it.</summary>
    public static double TimeRange(IReadOnlyList<ReportSeries> series)
    {
        var end = 1.0;
        foreach (var s in series)
        {
            foreach (var point in s.LatencyOverTime)
            {
                end = Math.Max(end, point.Seconds);
            }

            foreach (var point in s.ThroughputOverTime)
            {
                end = Math.Max(end, point.Seconds);
            }
        }

        return Math.Ceiling(end + 0.5); // the last interval starts at its x: leave it room to show
    }

    // Major ticks on powers of ten labelled in plain numbers, minor ticks at 2..9 within each decade.
    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = y => Math.Pow(10, y).ToString(y < 0 ? "0.###" : "N0", CultureInfo.InvariantCulture),
    };
}
