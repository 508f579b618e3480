using System.Globalization;
using System.Text;

namespace TickStream.LoadTest;

/// <summary>The run's comparison table in markdown: the console output, summary.md and docs/LOAD.md use it.</summary>
internal static class ResultTable
{
    public static string Markdown(RunSummary summary)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Median of repetitions; latency in microseconds (coordinated omission corrected); cores = CPU seconds per second; x = ratio to raw NetMQ one-frame at the same rate.");
        text.AppendLine();
        text.AppendLine("| path | rate | spin 0 | runs | ticks/s | lost | p50 | p90 | p99 | p99.9 | p99.99 | max | p50 uncorr. | p99 uncorr. | pub cores | sub cores | ticks/s x | p50 x | p99 x | pub cores x | sub cores x |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in summary.Comparison)
        {
            text.AppendLine(c, $"| {r.Path} | {(r.Rate > 0 ? r.Rate.ToString("N0", c) : "max")} | {(r.SpinLimitZero ? "yes" : "no")} | {r.Runs} | {r.DeliveredPerSecond:N0} | {r.Lost:N0} | {r.P50Us:N1} | {r.P90Us:N1} | {r.P99Us:N1} | {r.P999Us:N1} | {r.P9999Us:N1} | {r.MaxUs:N1} | {r.P50UncorrectedUs:N1} | {r.P99UncorrectedUs:N1} | {r.PublisherCores:F2} | {r.SubscriberCores:F2} | {X(r.ThroughputRatio)} | {X(r.P50Ratio)} | {X(r.P99Ratio)} | {X(r.PublisherCoresRatio)} | {X(r.SubscriberCoresRatio)} |");
        }

        if (summary.NoLossRates.Count > 0 && summary.Comparison.Count > summary.NoLossRates.Count)
        {
            text.AppendLine();
            text.AppendLine("Highest rate sustained with no loss (median run at it and at every lower rate run: lost 0, at least 97% of the target delivered):");
            text.AppendLine();
            text.AppendLine("| path | spin 0 | highest sustained (ticks/s) | first failed (ticks/s) | x raw one-frame |");
            text.AppendLine("|---|---|---:|---:|---:|");
            foreach (var r in summary.NoLossRates)
            {
                text.AppendLine(c, $"| {r.Path} | {(r.SpinLimitZero ? "yes" : "no")} | {(r.HighestSustainedRate > 0 ? r.HighestSustainedRate.ToString("N0", c) : "none")} | {(r.LowestFailedRate is { } f ? f.ToString("N0", c) : "-")} | {X(r.RatioToRawOneFrame)} |");
            }
        }

        foreach (var s in summary.Scenarios)
        {
            if (s.Error is not null)
            {
                text.AppendLine();
                text.AppendLine(c, $"FAILED {s.Name}: {s.Error}");
            }
        }

        return text.ToString();
    }

    private static string X(double? ratio) => ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-";
}
