using Microsoft.Extensions.Logging;

namespace TickStream.Gateway;

/// <summary>The gateway's log messages, generated without allocation when the level is off.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Information, "Gateway from {Upstreams}: publishing on {Publish}, requests on {Request}, security {Security}, entitlements {Entitlements}")]
    public static partial void Started(ILogger logger, string upstreams, string publish, string request, string security, string entitlements);

    [LoggerMessage(2, LogLevel.Information, "Gateway stopped: {Counters}")]
    public static partial void Stopped(ILogger logger, GatewayCounters counters);

    [LoggerMessage(3, LogLevel.Warning, "Subscription refused by the entitlements: '{Prefix}'")]
    public static partial void SubscriptionRefused(ILogger logger, string prefix);

    [LoggerMessage(4, LogLevel.Warning, "A subscription could not be applied in manual mode: {Reason}")]
    public static partial void ManualApplyFailed(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Warning, "An upstream (un)subscription could not be queued")]
    public static partial void UpstreamSubscriptionDropped(ILogger logger);
}
