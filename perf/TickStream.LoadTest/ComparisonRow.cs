namespace TickStream.LoadTest;

/// <summary>
/// The median over repetitions of one path at one rate, each figure's median taken on its own, and its ratio to
/// the raw NetMQ one-frame baseline at the same rate (null without a baseline).
/// </summary>
internal sealed record ComparisonRow
{
    public string Path { get; init; } = "";

    public double Rate { get; init; }

    public bool SpinLimitZero { get; init; }

    public int Runs { get; init; }

    public double DeliveredPerSecond { get; init; }

    public long Lost { get; init; }

    public double P50Us { get; init; }

    public double P90Us { get; init; }

    public double P99Us { get; init; }

    public double P999Us { get; init; }

    public double P9999Us { get; init; }

    public double MaxUs { get; init; }

    /// <summary>p50 without the coordinated-omission correction.</summary>
    public double P50UncorrectedUs { get; init; }

    /// <summary>p99 without the coordinated-omission correction.</summary>
    public double P99UncorrectedUs { get; init; }

    public double PublisherCores { get; init; }

    public double SubscriberCores { get; init; }

    public double? ThroughputRatio { get; init; }

    public double? P50Ratio { get; init; }

    public double? P99Ratio { get; init; }

    public double? PublisherCoresRatio { get; init; }

    public double? SubscriberCoresRatio { get; init; }
}
