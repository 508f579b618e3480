using TickStream.Gateway;

namespace TickStream.Cli.Gateway;

/// <summary>What <c>tickstream gateway</c> runs, and the exit code it ends with.</summary>
internal sealed record GatewayRun(GatewayOptions Options, TimeSpan? Duration, TimeSpan StatsInterval)
{
    public int? MetricsPort { get; init; }

    public TimeSpan HealthStaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    public int ExitCode { get; set; }

    /// <summary>What made the run fail, if anything: the command turns it into a plain line and an exit code.</summary>
    public Exception? Failure { get; set; }
}
