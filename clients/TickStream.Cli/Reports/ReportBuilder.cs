using System.Globalization;
using System.Net;
using System.Text;

namespace TickStream.Cli.Reports;

/// <summary>Writes index.html and the PNG charts for one or more run folders.</summary>
internal static class ReportBuilder
{
    /// <summary>Builds the report; bad input is a message on <paramref name="error"/> and exit code 1.</summary>
    /// <returns>0 on success, 1 when a run folder cannot be used.</returns>
    public static int Build(IReadOnlyList<string> runDirectories, string outDir, TextWriter output, TextWriter error)
    {
        if (runDirectories.Count == 0)
        {
            error.WriteLine("report: give at least one run folder");
            return 1;
        }

        var runs = new List<RunFolder>();
        try
        {
            foreach (var directory in runDirectories)
            {
                runs.Add(RunFolder.Load(directory));
            }
        }
        catch (ReportInputException e)
        {
            error.WriteLine("report: " + e.Message);
            return 1;
        }
        catch (IOException e)
        {
            error.WriteLine("report: " + e.Message);
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine("report: " + e.Message);
            return 1;
        }

        // One set of charts per target rate, every run's scenarios at that rate on the same chart.
        var groups = new List<(string Group, List<ReportSeries> Series)>();
        foreach (var run in runs)
        {
            foreach (var series in run.Series)
            {
                var at = groups.FindIndex(g => g.Group == series.Group);
                if (at < 0)
                {
                    groups.Add((series.Group, [series]));
                }
                else
                {
                    groups[at].Series.Add(series);
                }
            }
        }

        Directory.CreateDirectory(outDir);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TickStream latency report</title>");
        html.AppendLine("<style>body{font-family:sans-serif;margin:2em;max-width:1200px}img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:12px}</style></head><body>");
        html.AppendLine("<h1>TickStream latency report</h1>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<p>Runs: {Encode(string.Join(", ", runs.ConvertAll(r => r.Name)))}. Latency is end-to-end (receive clock minus ingest time), coordinated omission corrected, in microseconds.</p>");
        var files = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var (group, series) = groups[g];
            var slug = Slug(group);
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>{Encode(group)}</h2>");
            html.AppendLine(CultureInfo.InvariantCulture, $"<p>Scenarios: {Encode(string.Join(", ", series.ConvertAll(s => s.Label)))}</p>");
            var percentiles = $"percentiles-{slug}.png";
            ReportCharts.PercentileDistribution(Path.Combine(outDir, percentiles), $"Latency by percentile, {group}", series);
            html.AppendLine(CultureInfo.InvariantCulture, $"<img src=\"{percentiles}\" alt=\"latency percentile distribution, {Encode(group)}\">");
            files++;
            if (series.Exists(s => s.LatencyOverTime.Count > 0))
            {
                var latency = $"latency-over-time-{slug}.png";
                ReportCharts.LatencyOverTime(Path.Combine(outDir, latency), $"Latency over time, {group}", series);
                html.AppendLine(CultureInfo.InvariantCulture, $"<img src=\"{latency}\" alt=\"latency over time, {Encode(group)}\">");
                files++;
            }

            if (series.Exists(s => s.ThroughputOverTime.Count > 0))
            {
                var throughput = $"throughput-over-time-{slug}.png";
                ReportCharts.ThroughputOverTime(Path.Combine(outDir, throughput), $"Throughput over time, {group}", series);
                html.AppendLine(CultureInfo.InvariantCulture, $"<img src=\"{throughput}\" alt=\"throughput over time, {Encode(group)}\">");
                files++;
            }
        }

        foreach (var run in runs)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>Run {Encode(run.Name)}</h2>");
            if (run.ComparisonMarkdown is not null)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<pre>{Encode(run.ComparisonMarkdown)}</pre>");
            }

            foreach (var note in run.Notes)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<p>{Encode(note)}</p>");
            }
        }

        html.AppendLine("</body></html>");
        var index = Path.Combine(outDir, "index.html");
        File.WriteAllText(index, html.ToString(), new UTF8Encoding(false));
        output.WriteLine($"report: {index} and {files} chart(s)");
        return 0;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Slug(string group)
    {
        var slug = new StringBuilder();
        foreach (var c in group)
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return slug.ToString().Trim('-');
    }
}
