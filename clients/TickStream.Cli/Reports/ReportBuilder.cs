using System.Globalization;
using System.Net;
using System.Text;
using Markdig;

namespace TickStream.Cli.Reports;

/// <summary>Writes index.html and the PNG charts for one or more run folders.</summary>
internal static class ReportBuilder
{
    private static readonly MarkdownPipeline MarkdownPipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

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

        if (!ReportCharts.CanDraw(out var why))
        {
            error.WriteLine("report: " + why);
            return 1;
        }

        Directory.CreateDirectory(outDir);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TickStream latency report</title>");
        html.AppendLine("<style>body{font-family:sans-serif;margin:2em;max-width:1500px}img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}" +
            ".results{overflow-x:auto}table{border-collapse:collapse;font-size:12px;margin:0.5em 0 1.5em}th,td{border:1px solid #ddd;padding:2px 6px;white-space:nowrap}" +
            "th{background:#f3f3f3}.setting th{text-align:left}</style></head><body>");
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
            ReportCharts.PercentileDistribution(Path.Combine(outDir, percentiles), $"Latency by percentile, {group}", series, uncorrected: false);
            html.AppendLine(CultureInfo.InvariantCulture, $"<img src=\"{percentiles}\" alt=\"latency percentile distribution, {Encode(group)}\">");
            files++;
            if (series.Exists(s => s.UncorrectedPercentiles is not null))
            {
                var uncorrected = $"percentiles-uncorrected-{slug}.png";
                ReportCharts.PercentileDistribution(Path.Combine(outDir, uncorrected), $"Latency by percentile as measured (not corrected for coordinated omission), {group}", series, uncorrected: true);
                html.AppendLine("<details><summary>The same latency as measured, without the coordinated-omission correction</summary>");
                html.AppendLine(CultureInfo.InvariantCulture, $"<img src=\"{uncorrected}\" alt=\"uncorrected latency percentile distribution, {Encode(group)}\"></details>");
                files++;
            }

            var seconds = ReportCharts.TimeRange(series);
            if (series.Exists(s => s.LatencyOverTime.Count > 0))
            {
                var latency = $"latency-over-time-{slug}.png";
                ReportCharts.LatencyOverTime(Path.Combine(outDir, latency), $"Latency over time, {group}", series, seconds);
                html.AppendLine(CultureInfo.InvariantCulture, $"<img src=\"{latency}\" alt=\"latency over time, {Encode(group)}\">");
                files++;
            }

            if (series.Exists(s => s.ThroughputOverTime.Count > 0))
            {
                var throughput = $"throughput-over-time-{slug}.png";
                ReportCharts.ThroughputOverTime(Path.Combine(outDir, throughput), $"Throughput over time, {group}", series, seconds);
                html.AppendLine(CultureInfo.InvariantCulture, $"<img src=\"{throughput}\" alt=\"throughput over time, {Encode(group)}\">");
                files++;
            }
        }

        foreach (var run in runs)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>Run {Encode(run.Name)}</h2>");
            if (run.Setting.Count > 0)
            {
                html.AppendLine("<table class=\"setting\">");
                foreach (var (name, value) in run.Setting)
                {
                    html.AppendLine(CultureInfo.InvariantCulture, $"<tr><th>{Encode(name)}</th><td><code>{Encode(value)}</code></td></tr>");
                }

                html.AppendLine("</table>");
            }

            if (run.ComparisonMarkdown is not null)
            {
                // The harness writes its results as markdown pipe tables; raw HTML in it is shown, not run.
                html.AppendLine("<div class=\"results\">");
                html.AppendLine(Markdown.ToHtml(run.ComparisonMarkdown, MarkdownPipeline));
                html.AppendLine("</div>");
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
