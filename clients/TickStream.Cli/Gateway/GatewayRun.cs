using TickStream.Gateway;

namespace TickStream.Cli.Gateway;

/// <summary>What <c>tickstream gateway</c> runs, and the exit code it ends with.</summary>
internal sealed record GatewayRun(GatewayOptions Options, TimeSpan? Duration, TimeSpan StatsInterval)
{
    public int? MetricsPort { get; init; }

    public TimeSpan HealthStaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    public int ExitCode { get; set; }
}
