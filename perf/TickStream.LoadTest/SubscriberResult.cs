namespace TickStream.LoadTest;

/// <summary>What one subscriber process measured; written beside its histograms as JSON.</summary>
internal sealed record SubscriberResult
{
    public string Name { get; init; } = "";

    public string Path { get; init; } = "";

    /// <summary>The expected interval between ticks used for coordinated-omission correction; 0 for none.</summary>
    public long ExpectedIntervalNs { get; init; }

    public bool SpinLimitZero { get; init; }

    /// <summary>Trade and quote frames received.</summary>
    public long Received { get; init; }

    /// <summary>Ticks whose latency was recorded: those received after the warm-up.</summary>
    public long Measured { get; init; }

    /// <summary>Frames that were not a trade or quote with an ingest time (counted, not measured).</summary>
    public long Skipped { get; init; }

    /// <summary>Ticks the publisher said it sent; -1 when it never said.</summary>
    public long Expected { get; init; } = -1;

    /// <summary>Seconds from the end of the warm-up to the end of receiving: the span CPU is measured over.</summary>
    public double ActiveSeconds { get; init; }

    /// <summary>Seconds from the first to the last tick received.</summary>
    public double FirstToLastSeconds { get; init; }

    public double CpuSeconds { get; init; }

    /// <summary>CPU seconds per wall second while active.</summary>
    public double Cores { get; init; }

    /// <summary>Latency with coordinated omission corrected (see docs/LOAD.md).</summary>
    public LatencySummary Latency { get; init; } = new();

    /// <summary>Latency as measured, without correction.</summary>
    public LatencySummary LatencyUncorrected { get; init; } = new();

    public string HgrmFile { get; init; } = "";

    public string UncorrectedHgrmFile { get; init; } = "";

    public string HlogFile { get; init; } = "";

    /// <summary>Ticks received per interval of the interval log, from the first tick.</summary>
    public IReadOnlyList<IntervalPoint> Intervals { get; init; } = [];

    /// <summary>Jumps in the stream sequence: each a run of ticks that never arrived.</summary>
    public long Gaps { get; init; }

    /// <summary>Ticks missing inside those jumps (a lost tail after the last tick received is not among them).</summary>
    public long MissingInGaps { get; init; }

    /// <summary>The longest run of missing ticks.</summary>
    public long LargestGap { get; init; }

    /// <summary>Ticks whose sequence was at or below one already received.</summary>
    public long Duplicates { get; init; }

    /// <summary>The first missing ranges (first-last stream sequence).</summary>
    public IReadOnlyList<string> GapRanges { get; init; } = [];
}
