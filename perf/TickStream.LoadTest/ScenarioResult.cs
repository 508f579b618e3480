namespace TickStream.LoadTest;

/// <summary>One scenario of a run: a path at a rate, its subscribers' figures and the publisher's CPU.</summary>
internal sealed record ScenarioResult
{
    public string Name { get; init; } = "";

    public string Path { get; init; } = "";

    /// <summary>Target ticks per second; 0 for as fast as possible.</summary>
    public double Rate { get; init; }

    public bool SpinLimitZero { get; init; }

    public int Repetition { get; init; }

    public int Subscribers { get; init; }

    /// <summary>Wall seconds from the end of the warm-up until every tick was handed to the socket.</summary>
    public double PublishSeconds { get; init; }

    public long Sent { get; init; }

    /// <summary>The fewest ticks any subscriber received.</summary>
    public long ReceivedMin { get; init; }

    /// <summary>Ticks sent but not received, summed over subscribers.</summary>
    public long Lost { get; init; }

    /// <summary>Ticks per second delivered to each subscriber (mean over subscribers, first to last tick).</summary>
    public double DeliveredPerSecond { get; init; }

    /// <summary>Cores used by the publishing process (feed handler or raw publisher) while publishing.</summary>
    public double PublisherCores { get; init; }

    /// <summary>The publishing process's cores by thread (Linux only; empty elsewhere), the busiest first.</summary>
    public IReadOnlyList<ThreadCores> PublisherThreads { get; init; } = [];

    /// <summary>Cores used by one subscriber process, mean over subscribers.</summary>
    public double SubscriberCores { get; init; }

    /// <summary>Merged latency of every subscriber, coordinated omission corrected.</summary>
    public LatencySummary Latency { get; init; } = new();

    /// <summary>The first subscriber's latency as measured, without the correction.</summary>
    public LatencySummary LatencyUncorrected { get; init; } = new();

    /// <summary>Merged percentile distribution file (.hgrm, microseconds).</summary>
    public string HgrmFile { get; init; } = "";

    /// <summary>The first subscriber's interval log (.hlog).</summary>
    public string HlogFile { get; init; } = "";

    /// <summary>The first subscriber's ticks per interval.</summary>
    public IReadOnlyList<IntervalPoint> Timeline { get; init; } = [];

    public IReadOnlyList<SubscriberResult> SubscriberResults { get; init; } = [];

    /// <summary>Why the scenario did not complete; null when it did.</summary>
    public string? Error { get; init; }
}
