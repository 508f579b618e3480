using Microsoft.Extensions.Logging;
using TickStream.Wire;

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

    [LoggerMessage(6, LogLevel.Warning, "Upstream message dropped: {Cause} ({Explanation}); {Length} bytes from {Upstream}; first bytes {Head}")]
    public static partial void UpstreamMessageDropped(ILogger logger, FrameRejection cause, string explanation, int length, string upstream, string head);

    [LoggerMessage(7, LogLevel.Warning, "{Suppressed} more upstream messages dropped in the last {Seconds:F1} s, not logged one by one (at most {Limit} lines per second); GatewayCounters has them by cause")]
    public static partial void UpstreamDropsSuppressed(ILogger logger, long suppressed, double seconds, int limit);

    [LoggerMessage(8, LogLevel.Warning, "Upstream connection {Address} closed ({Count} so far): the upstream stopped, or sent a message over {MaxSize} bytes, which ZeroMQ drops with the connection; reconnecting")]
    public static partial void UpstreamDisconnected(ILogger logger, string address, long count, int maxSize);

    [LoggerMessage(9, LogLevel.Warning, "Subscription not forwarded upstream: a prefix of {Length} bytes is longer than any topic ({MaxLength} bytes)")]
    public static partial void SubscriptionTooLong(ILogger logger, int length, int maxLength);
}
