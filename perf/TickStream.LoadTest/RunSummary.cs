namespace TickStream.LoadTest;

/// <summary>The summary.json of a run folder.</summary>
internal sealed record RunSummary
{
    /// <summary>run (fixed rates) or max (counted delivery at full speed).</summary>
    public string Mode { get; init; } = "";

    public DateTime StartedUtc { get; init; }

    public string CommandLine { get; init; } = "";

    public int ProcessorCount { get; init; }

    public string Os { get; init; } = "";

    public string Runtime { get; init; } = "";

    public double DurationSeconds { get; init; }

    public int SubscribersPerScenario { get; init; }

    public IReadOnlyList<ComparisonRow> Comparison { get; init; } = [];

    /// <summary>Per path, the highest fixed rate sustained with no loss among the rates run.</summary>
    public IReadOnlyList<NoLossRate> NoLossRates { get; init; } = [];

    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];
}
