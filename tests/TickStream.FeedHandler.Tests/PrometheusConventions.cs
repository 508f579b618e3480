using System.Text.RegularExpressions;

namespace TickStream.FeedHandler.Tests;

/// <summary>
/// Checks a /metrics page against Prometheus' naming conventions (prometheus.io/docs/practices/naming): every
/// counter is named <c>*_total</c> and nothing else is; times are in seconds (<c>_seconds</c>); HELP is prose, never
/// a .NET type name; every sample belongs to a family with a TYPE.
/// </summary>
internal static partial class PrometheusConventions
{
    /// <summary>Words that make a metric a time (age, latency, duration) and so need the unit seconds.</summary>
    private static readonly string[] TimeWords = ["age", "latency", "duration", "time", "elapsed", "wait"];

    /// <summary>Every breach of the conventions, one line each; empty when the page follows them.</summary>
    public static List<string> Violations(string page)
    {
        var problems = new List<string>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in page.Split('\n'))
        {
            if (TypeLine().Match(line) is { Success: true } type)
            {
                var (name, kind) = (type.Groups[1].Value, type.Groups[2].Value);
                types[name] = kind;
                if (kind == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
                {
                    problems.Add($"counter {name} is not named *_total");
                }

                if (kind != "counter" && name.EndsWith("_total", StringComparison.Ordinal))
                {
                    problems.Add($"{kind} {name} is named *_total: only counters are");
                }

                if (kind is "gauge" or "histogram" && IsTime(name) && !name.EndsWith("_seconds", StringComparison.Ordinal))
                {
                    problems.Add($"{kind} {name} is a time not in seconds (*_seconds)");
                }

                if (name.EndsWith("_us", StringComparison.Ordinal) || name.EndsWith("_ms", StringComparison.Ordinal))
                {
                    problems.Add($"{name}: times in seconds, not micro- or milliseconds");
                }
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                if (line.Contains('`', StringComparison.Ordinal) || line.Contains("ObservableCounter", StringComparison.Ordinal)
                    || line.Contains("ObservableGauge", StringComparison.Ordinal))
                {
                    problems.Add($"HELP names a .NET type: {line}");
                }
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                var sample = SampleName().Match(line).Groups[1].Value;
                if (!types.ContainsKey(sample) && !types.ContainsKey(HistogramFamily(sample)))
                {
                    problems.Add($"sample {sample} has no TYPE before it");
                }
            }
        }

        return problems;
    }

    private static bool IsTime(string name)
    {
        // Whole words of the name only: "timer_count" or "timeseries" are not times.
        foreach (var word in name.Split('_'))
        {
            if (Array.IndexOf(TimeWords, word) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string HistogramFamily(string sample)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_count", "_sum"])
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal))
            {
                return sample[..^suffix.Length];
            }
        }

        return sample;
    }

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex SampleName();
}
