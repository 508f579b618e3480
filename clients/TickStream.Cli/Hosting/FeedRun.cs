using TickStream.FeedHandler;
using TickStream.Sources;

namespace TickStream.Cli.Hosting;

/// <summary>What one <c>tickstream feed</c> run was asked to do, and how it ended.</summary>
internal sealed record FeedRun(
    FeedHandlerOptions Options,
    IReadOnlyList<ITickSource> Sources,
    InstrumentRegistry Registry,
    TimeSpan? Duration,
    TimeSpan StatsInterval)
{
    public int ExitCode { get; set; }

    /// <summary>What made the run fail before its end, if anything: the command turns it into a plain line and an exit code.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Data subscriptions to wait for before the sources start (0: start at once).</summary>
    public int WaitSubscribers { get; init; }

    /// <summary>How long to wait for them at most.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
