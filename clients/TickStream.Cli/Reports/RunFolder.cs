using System.Globalization;
using System.Text.Json;
using HdrHistogram;
using TickStream.Client;

namespace TickStream.Cli.Reports;

/// <summary>
/// A run folder read for a report: the harness's summary.json with the files it names, or, without a summary,
/// every .hgrm in the folder (with the .hlog of the same name when there is one).
/// </summary>
internal sealed class RunFolder
{
    private const double NanosecondsPerMicrosecond = 1000.0;
    private const string UncorrectedSuffix = ".uncorrected.hgrm";

    private RunFolder(string name, IReadOnlyList<ReportSeries> series, string? comparisonMarkdown, IReadOnlyList<string> notes,
        IReadOnlyList<(string Name, string Value)> setting)
    {
        Name = name;
        Series = series;
        ComparisonMarkdown = comparisonMarkdown;
        Notes = notes;
        Setting = setting;
    }

    public string Name { get; }

    public IReadOnlyList<ReportSeries> Series { get; }

    /// <summary>The harness's summary.md, when present.</summary>
    public string? ComparisonMarkdown { get; }

    /// <summary>Scenarios that failed in the run, and files skipped.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Where and how the run was made (machine, runtime, command line), as the summary records it.</summary>
    public IReadOnlyList<(string Name, string Value)> Setting { get; }

    /// <summary>Reads a run folder.</summary>
    /// <exception cref="ReportInputException">The folder is missing, has no histograms, or a file is corrupt.</exception>
    public static RunFolder Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ReportInputException($"{directory}: no such run folder");
        }

        var name = new DirectoryInfo(directory).Name;
        var summaryPath = Path.Combine(directory, "summary.json");
        var markdownPath = Path.Combine(directory, "summary.md");
        var markdown = File.Exists(markdownPath) ? File.ReadAllText(markdownPath) : null;
        return File.Exists(summaryPath)
            ? FromSummary(directory, name, summaryPath, markdown)
            : FromFiles(directory, name);
    }

    private static RunFolder FromSummary(string directory, string name, string summaryPath, string? markdown)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(summaryPath));
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"{summaryPath}: not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}): {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("scenarios", out var scenarios) || scenarios.ValueKind != JsonValueKind.Array)
            {
                throw new ReportInputException($"{summaryPath}: no 'scenarios' array: not a load-harness summary");
            }

            var series = new List<ReportSeries>();
            var notes = new List<string>();
            foreach (var scenario in scenarios.EnumerateArray())
            {
                var scenarioName = String(scenario, "name") ?? "?";
                if (String(scenario, "error") is { } error)
                {
                    notes.Add($"{scenarioName} failed: {error}");
                    continue;
                }

                var hgrm = String(scenario, "hgrmFile");
                if (string.IsNullOrEmpty(hgrm))
                {
                    throw new ReportInputException($"{summaryPath}: scenario '{scenarioName}' names no hgrmFile");
                }

                var rate = scenario.TryGetProperty("rate", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : 0;
                var hlog = String(scenario, "hlogFile");
                var uncorrected = UncorrectedFile(scenario);
                series.Add(new ReportSeries
                {
                    Label = $"{name}/{scenarioName}",
                    Group = rate > 0 ? rate.ToString("0", CultureInfo.InvariantCulture) + " ticks/s" : "max rate",
                    Percentiles = PercentileCurve.Read(Path.Combine(directory, hgrm)),
                    UncorrectedPercentiles = uncorrected is null ? null : PercentileCurve.Read(Path.Combine(directory, uncorrected)),
                    LatencyOverTime = string.IsNullOrEmpty(hlog) ? [] : ReadIntervalLog(Path.Combine(directory, hlog)),
                    ThroughputOverTime = ReadTimeline(scenario),
                });
            }

            return series.Count > 0
                ? new RunFolder(name, series, markdown, notes, ReadSetting(document.RootElement))
                : throw new ReportInputException($"{directory}: the summary lists no completed scenario with histogram files{(notes.Count > 0 ? ": " + string.Join("; ", notes) : "")}");
        }
    }

    private static RunFolder FromFiles(string directory, string name)
    {
        var files = Array.FindAll(Directory.GetFiles(directory, "*.hgrm"), f => !f.EndsWith(UncorrectedSuffix, StringComparison.Ordinal));
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0)
        {
            throw new ReportInputException($"{directory}: no summary.json and no histogram files (.hgrm): not a load-test run folder");
        }

        var series = new List<ReportSeries>();
        foreach (var file in files)
        {
            var hlog = Path.ChangeExtension(file, ".hlog");
            var uncorrected = Path.ChangeExtension(file, UncorrectedSuffix);
            series.Add(new ReportSeries
            {
                Label = $"{name}/{Path.GetFileNameWithoutExtension(file)}",
                Group = "all",
                Percentiles = PercentileCurve.Read(file),
                UncorrectedPercentiles = File.Exists(uncorrected) ? PercentileCurve.Read(uncorrected) : null,
                LatencyOverTime = File.Exists(hlog) ? ReadIntervalLog(hlog) : [],
            });
        }

        return new RunFolder(name, series, null, [], []);
    }

    // The harness writes the uncorrected histogram per subscriber; the first subscriber's stands for the scenario,
    // as its corrected histogram does.
    private static string? UncorrectedFile(JsonElement scenario)
    {
        if (scenario.TryGetProperty("subscriberResults", out var subscribers) && subscribers.ValueKind == JsonValueKind.Array)
        {
            foreach (var subscriber in subscribers.EnumerateArray())
            {
                return String(subscriber, "uncorrectedHgrmFile") is { Length: > 0 } file ? file : null;
            }
        }

        return null;
    }

    private static List<(string, string)> ReadSetting(JsonElement root)
    {
        var setting = new List<(string, string)>();
        AddText("started (UTC)", "startedUtc");
        AddText("command", "commandLine");
        AddText("operating system", "os");
        AddText("runtime", "runtime");
        AddNumber("processors", "processorCount");
        AddNumber("seconds per scenario", "durationSeconds");
        AddNumber("subscribers per scenario", "subscribersPerScenario");
        return setting;

        void AddText(string label, string property)
        {
            if (String(root, property) is { Length: > 0 } value)
            {
                setting.Add((label, value));
            }
        }

        void AddNumber(string label, string property)
        {
            if (root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number)
            {
                setting.Add((label, value.GetDouble().ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    private static List<(double, double)> ReadTimeline(JsonElement scenario)
    {
        var points = new List<(double, double)>();
        if (!scenario.TryGetProperty("timeline", out var timeline) || timeline.ValueKind != JsonValueKind.Array)
        {
            return points;
        }

        var rows = new List<(double Start, double Length, double Rate)>();
        double longest = 0;
        foreach (var point in timeline.EnumerateArray())
        {
            if (point.TryGetProperty("startSeconds", out var start) && start.ValueKind == JsonValueKind.Number &&
                point.TryGetProperty("lengthSeconds", out var length) && length.ValueKind == JsonValueKind.Number &&
                point.TryGetProperty("ticksPerSecond", out var rate) && rate.ValueKind == JsonValueKind.Number)
            {
                rows.Add((start.GetDouble(), length.GetDouble(), rate.GetDouble()));
                longest = Math.Max(longest, length.GetDouble());
            }
        }

        // After the last tick the subscriber only waits for ticks that were lost; and the last interval ends when
        // receiving ends: neither is a rate, and a sliver of an interval would plot as a collapse.
        while (rows.Count > 0 && rows[^1].Rate == 0)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        foreach (var (start, length, rate) in rows)
        {
            if (length >= longest / 2)
            {
                points.Add((start, rate));
            }
        }

        return points;
    }

    private static List<(double, double, double, double)> ReadIntervalLog(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReportInputException($"{path}: interval log not found");
        }

        var points = new List<(double, double, double, double)>();
        List<HistogramBase> intervals;
        try
        {
            intervals = IntervalLogReader.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new ReportInputException($"{path}: not a readable HdrHistogram interval log: {e.Message}", e);
        }

        long first = -1;
        foreach (var interval in intervals)
        {
            if (first < 0)
            {
                first = interval.StartTimeStamp;
            }

            if (interval.TotalCount == 0)
            {
                continue;
            }

            points.Add(((interval.StartTimeStamp - first) / 1000.0,
                interval.GetValueAtPercentile(50) / NanosecondsPerMicrosecond,
                interval.GetValueAtPercentile(99) / NanosecondsPerMicrosecond,
                interval.GetMaxValue() / NanosecondsPerMicrosecond));
        }

        return points;
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
