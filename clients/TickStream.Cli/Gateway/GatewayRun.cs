using TickStream.Gateway;

namespace TickStream.Cli.Gateway;

/// <summary>What <c>tickstream gateway</c> runs, and the exit code it ends with.</summary>
internal sealed record GatewayRun(GatewayOptions Options, TimeSpan? Duration, TimeSpan StatsInterval)
{
    public int ExitCode { get; set; }
}
