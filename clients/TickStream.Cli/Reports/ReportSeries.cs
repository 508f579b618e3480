namespace TickStream.Cli.Reports;

/// <summary>One line on the charts: a scenario of a run folder.</summary>
internal sealed record ReportSeries
{
    /// <summary>Legend text: run folder and scenario.</summary>
    public required string Label { get; init; }

    /// <summary>Series with the same group (the target rate) share a chart.</summary>
    public required string Group { get; init; }

    /// <summary>Latency by percentile, coordinated omission corrected.</summary>
    public required PercentileCurve Percentiles { get; init; }

    /// <summary>The same latency as measured, without the correction, when the run wrote it.</summary>
    public PercentileCurve? UncorrectedPercentiles { get; init; }

    /// <summary>Interval start (seconds from the first interval), p50, p99 and max in microseconds.</summary>
    public IReadOnlyList<(double Seconds, double P50Us, double P99Us, double MaxUs)> LatencyOverTime { get; init; } = [];

    /// <summary>Interval start (seconds) and ticks per second received in it.</summary>
    public IReadOnlyList<(double Seconds, double TicksPerSecond)> ThroughputOverTime { get; init; } = [];
}
